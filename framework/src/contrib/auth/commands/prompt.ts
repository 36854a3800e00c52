/**
 * @internal Line prompts for the auth commands: questions on stdout, answers read line by line
 * from stdin (typed or piped), with echo turned off for passwords on a terminal.
 *
 * @module
 */
import { createInterface } from 'node:readline'
import { Writable } from 'node:stream'

/** Asks questions one at a time; `close()` when done. */
export interface Prompter {
  ask(question: string): Promise<string | null>
  askHidden(question: string): Promise<string | null>
  close(): void
}

/** A prompter on `input`/`output` (default the process's stdin/stdout). `null` answers mean end of input. */
export function createPrompter(input: NodeJS.ReadableStream & { isTTY?: boolean } = process.stdin, output: NodeJS.WritableStream = process.stdout): Prompter {
  let muted = false
  // Readline echoes typed characters to its output; muting that stream hides a password being typed.
  const echo = new Writable({
    write(chunk: Buffer, _encoding, done) {
      if (!muted) output.write(chunk)
      done()
    },
  })
  const rl = createInterface({ input, output: echo, terminal: input.isTTY === true })
  // The iterator buffers lines that arrive before they are asked for (piped input).
  const lines = rl[Symbol.asyncIterator]()
  const next = async (): Promise<string | null> => {
    const line = await lines.next()
    return line.done === true ? null : line.value
  }
  return {
    async ask(question) {
      output.write(question)
      return next()
    },
    async askHidden(question) {
      output.write(question)
      muted = true
      try {
        return await next()
      } finally {
        muted = false
        if (input.isTTY === true) output.write('\n')
      }
    },
    close() {
      rl.close()
    },
  }
}

/** `--name value` or `--name=value` from `argv`, else `undefined`. */
export function option(argv: readonly string[], name: string): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg === `--${name}`) return argv[i + 1]
    if (arg.startsWith(`--${name}=`)) return arg.slice(name.length + 3)
  }
  return undefined
}
