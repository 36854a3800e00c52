/**
 * Child processes for the end-to-end tests: run a command to completion, or start a server in its
 * own process group, wait for its `Listening at` line, and stop it by its own pid.
 */
import { type ChildProcess, spawn } from 'node:child_process'

/** Variables that would override a project's settings, kept from the children unless given. */
const SETTINGS_OVERRIDES = ['DEBUG', 'SECRET_KEY', 'ALLOWED_HOSTS', 'PORT', 'TANGO_SETTINGS_MODULE', 'NODE_TEST_CONTEXT']

/** This process's environment without the settings overrides, plus `extra`. */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra }
  for (const name of SETTINGS_OVERRIDES) if (!(name in extra)) delete env[name]
  return env
}

/** What {@link run} resolves to: the exit code and stdout and stderr together. */
export interface Run { readonly code: number | null; readonly output: string }

/** Runs a command to completion (killed after 60 s). */
export function run(command: string, args: readonly string[], cwd: string, env: Record<string, string> = {}): Promise<Run> {
  return new Promise((done) => {
    const child = spawn(command, args, { cwd, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000)
    child.on('close', (code) => {
      clearTimeout(timer)
      done({ code, output })
    })
  })
}

/** A server started by {@link startServer}. */
export interface Server { readonly child: ChildProcess; readonly url: string; output: () => string }

/**
 * Starts a long-running command in its own process group (npm and npx start the server as a
 * grandchild) and waits up to `timeoutMs` (default 30 s) for the `Listening at` line.
 */
export function startServer(command: string, args: readonly string[], cwd: string, env: Record<string, string> = {}, timeoutMs = 30_000): Promise<Server> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'], detached: true })
    let output = ''
    const timer = setTimeout(() => {
      // Stop what was started (npm's grandchildren too), or the test process would wait on it forever.
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL')
      } catch {
        // already gone
      }
      reject(new Error(`no Listening line within ${timeoutMs / 1000} s:\n${output}`))
    }, timeoutMs)
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const match = /Listening at (http:\/\/\S+?)\/?(\s|$)/.exec(output)
      if (match?.[1]) {
        clearTimeout(timer)
        resolve({ child, url: match[1], output: () => output })
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`exited with ${code} before listening:\n${output}`))
    })
  })
}

/** SIGTERM to the server's process group, by the leader's own pid; SIGKILL after 10 s. */
export async function stopServer(server: Server): Promise<void> {
  const pid = server.child.pid
  if (pid === undefined || server.child.exitCode !== null) return
  const exited = new Promise((resolve) => server.child.once('exit', resolve))
  try {
    process.kill(-pid, 'SIGTERM')
  } catch {
    return
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-pid, 'SIGKILL')
    } catch {
      // already gone
    }
  }, 10_000)
  await exited
  clearTimeout(timer)
}

/** GET without following redirects: the status and the body. */
export async function get(url: string): Promise<{ status: number; text: string }> {
  const response = await fetch(url, { redirect: 'manual' })
  return { status: response.status, text: await response.text() }
}
