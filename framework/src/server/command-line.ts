/**
 * Shared pieces of the server commands' option parsing: usage errors (exit code 2, as argparse)
 * and numeric option values.
 *
 * @module
 * @internal
 */

/** A bad command line: the command prints the message and the usage, and exits with 2. @internal */
export class UsageError extends Error {}

/**
 * Parses a numeric option.
 * @param name - the option as typed, e.g. `--workers`.
 * @param text - its value, or `undefined` when absent.
 * @param integer - whether fractions are refused.
 * @param min - the smallest value accepted.
 * @throws {@link UsageError} for a value that is not a number, not an integer when one is needed, or below `min`.
 * @internal
 */
export function numberOption(name: string, text: string | undefined, integer: boolean, min: number): number | undefined {
  if (text === undefined) return undefined
  const value = Number(text)
  if (text.trim() === '' || !Number.isFinite(value) || (integer && !Number.isInteger(value)) || value < min) {
    throw new UsageError(`${name} must be ${integer ? 'an integer' : 'a number'} >= ${min}, got '${text}'.`)
  }
  return value
}

/** Turns `parseArgs`' errors (unknown option, missing value) into a {@link UsageError}. @internal */
export function usageFrom(error: unknown): UsageError | null {
  if (error instanceof UsageError) return error
  const code = (error as { code?: unknown } | null)?.code
  if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_')) return new UsageError((error as Error).message)
  return null
}
