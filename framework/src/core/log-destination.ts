/**
 * Where log lines go by default: stdout, one write per event-loop turn.
 *
 * @module
 */
import { pino } from 'pino'
import type { DestinationStream } from 'pino'

/**
 * A pino destination that gathers the lines of one event-loop turn and hands them to a synchronous
 * sonic-boom stream in one write. Measured under load (`test/bench/`), this costs about half of
 * what sonic-boom's own asynchronous mode costs per line and, unlike it, never lets a backlog of
 * unwritten lines grow in memory (an access log under load grew a worker by ~35 MiB): the turn
 * that produced the lines also writes them, so a slow reader slows the server instead of filling
 * its heap, which is the honest back-pressure for logs. sonic-boom still does the writing itself
 * (partial writes, EAGAIN on pipes); the lines still in hand are written synchronously on exit.
 */
export class TurnBatchedDestination implements DestinationStream {
  readonly #target: ReturnType<typeof pino.destination>
  #lines: string[] = []
  #scheduled = false
  readonly #flush = (): void => this.flushSync()

  /** @param fd - the file descriptor to write to (default 1, stdout). */
  constructor(fd = 1) {
    this.#target = pino.destination({ dest: fd, sync: true })
    process.once('exit', this.#flush)
  }

  /** Queues one line (pino passes it with its newline); it is written at the end of this turn. */
  write(line: string): void {
    this.#lines.push(line)
    if (!this.#scheduled) {
      this.#scheduled = true
      setImmediate(this.#flush)
    }
  }

  /** Writes every queued line now. */
  flushSync(): void {
    this.#scheduled = false
    if (this.#lines.length === 0) return
    const text = this.#lines.length === 1 ? (this.#lines[0] as string) : this.#lines.join('')
    this.#lines = []
    this.#target.write(text)
  }
}
