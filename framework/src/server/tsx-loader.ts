/**
 * The `execArgv` a child process needs to run TypeScript: the tsx loader, resolved from this
 * package (so it works whatever the child's working directory), plus the parent's other flags.
 *
 * @module
 * @internal
 */

/** Flags that load tsx in some spelling; replaced by one resolved `--import`. */
function loadsTsx(flag: string, value: string | undefined): boolean {
  return (flag === '--import' || flag === '--loader' || flag === '--experimental-loader' || flag === '--require' || flag === '-r') &&
    value !== undefined && /(^|[/\\])tsx([/\\@]|$)|^tsx\//.test(value)
}

/**
 * The parent's `execArgv` with any tsx loader flag replaced by `--import <file URL of tsx>`.
 * When tsx cannot be resolved (a runtime that strips types itself), the flags are passed unchanged.
 *
 * @param execArgv - the parent's flags (default `process.execArgv`).
 * @returns flags for `child_process.fork`/`cluster.setupPrimary({ execArgv })`.
 * @internal
 */
export function childExecArgv(execArgv: readonly string[] = process.execArgv): string[] {
  let tsx: string | null
  try {
    tsx = import.meta.resolve('tsx')
  } catch {
    tsx = null
  }
  const out: string[] = []
  for (let i = 0; i < execArgv.length; i++) {
    const flag = execArgv[i] as string
    const eq = flag.indexOf('=')
    if (flag.startsWith('--') && eq > 0 && loadsTsx(flag.slice(0, eq), flag.slice(eq + 1))) continue
    if (loadsTsx(flag, execArgv[i + 1])) {
      i++
      continue
    }
    // A child must not reuse the parent's inspector port or run the parent's --test/--watch mode.
    if (/^--(inspect|inspect-brk|test|watch)(-|=|$)/.test(flag)) continue
    out.push(flag)
  }
  if (tsx !== null) out.unshift('--import', tsx)
  else return [...execArgv]
  return out
}
