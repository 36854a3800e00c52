/**
 * Shared by the benchmark scripts: start a server script as a child process and wait for its
 * `Listening at` line, load it with autocannon, read a process's RSS, take medians.
 */
import autocannon from 'autocannon'
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { openSync, readFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { fileURLToPath } from 'node:url'

export const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? '50')
const here = fileURLToPath(new URL('.', import.meta.url))
// With two or more cores, a single-process server gets core 1 and the load generator core 0, so
// they do not fight; prefork workers float.
export const canPin = availableParallelism() >= 2 && spawnSync('taskset', ['-V']).status === 0

export interface Contender {
  readonly name: string
  readonly script: string
  readonly env?: Readonly<Record<string, string>>
}


export interface Row {
  contender: string
  mode: string
  payload: string
  rps: number
  p50: number
  p99: number
  errors: number
  rssMiB: number | null
}

export async function startServer(contender: Contender, workers: number): Promise<{ child: ChildProcess; url: string }> {
  const args = ['--import', 'tsx', `${here}${contender.script}`]
  const command = canPin && workers === 1 ? 'taskset' : process.execPath
  const argv = canPin && workers === 1 ? ['-c', '1', process.execPath, ...args] : args
  // Logs go to /dev/null, as a production server's would go to a file: written, never read here.
  const devnull = openSync('/dev/null', 'w')
  const child = spawn(command, argv, {
    env: { ...process.env, PORT: '0', WORKERS: String(workers), ...contender.env, TANGO_LOG_LEVEL: 'info' },
    stdio: ['ignore', devnull, 'pipe'],
  })
  const url = await new Promise<string>((resolve, reject) => {
    let text = ''
    const timer = setTimeout(() => reject(new Error(`${contender.name} did not start: ${text}`)), 20_000)
    child.stderr?.on('data', (chunk: Buffer) => {
      text += chunk.toString()
      const match = /Listening at (http:\/\/[^\s]+)/.exec(text)
      if (match?.[1] && (workers === 1 || text.includes('Worker pids'))) {
        clearTimeout(timer)
        resolve(match[1].replace(/\/$/, ''))
      }
    })
    child.on('exit', (code) => reject(new Error(`${contender.name} exited with ${code}: ${text}`)))
  })
  return { child, url }
}

export function rssMiB(pid: number | undefined): number | null {
  if (pid === undefined) return null
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1])
    return Number.isFinite(kb) ? kb / 1024 : null
  } catch {
    return null
  }
}

export async function load(url: string, seconds: number): Promise<autocannon.Result> {
  return autocannon({ url, connections: CONNECTIONS, duration: seconds, pipelining: 1 })
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}

