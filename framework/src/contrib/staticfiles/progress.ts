/**
 * The progress shown by `collectstatic`: a bar redrawn in place on a terminal, nothing in between
 * otherwise (the caller prints a plain count instead).
 *
 * @module
 * @internal
 */

/** The slice of a stream the output of `collectstatic` needs (`process.stdout`, or a test's collector). */
export interface OutputStream {
  write(chunk: string): unknown
  /** A terminal gets a progress bar. */
  readonly isTTY?: boolean
  /** Width of the terminal. */
  readonly columns?: number
}

/** A progress bar on a TTY stream. @internal */
export class ProgressBar {
  readonly #stream: OutputStream
  readonly #label: string
  readonly #total: number
  readonly #enabled: boolean
  #last = -1

  /**
   * @param stream - where to draw (stdout).
   * @param label - e.g. `Copying`.
   * @param total - the number of steps.
   */
  constructor(stream: OutputStream, label: string, total: number) {
    this.#stream = stream
    this.#label = label
    this.#total = total
    this.#enabled = stream.isTTY === true && total > 0
  }

  /** Redraws for `done` steps (at most 100 redraws in all). */
  update(done: number): void {
    if (!this.#enabled) return
    const percent = Math.floor((done / this.#total) * 100)
    if (percent === this.#last && done !== this.#total) return
    this.#last = percent
    const width = Math.max(10, Math.min(40, (this.#stream.columns ?? 80) - this.#label.length - 24))
    const filled = Math.round((done / this.#total) * width)
    this.#stream.write(`\r${this.#label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${this.#total}`)
  }

  /** Erases the bar. */
  done(): void {
    if (this.#enabled) this.#stream.write('\r\x1b[2K')
  }
}
