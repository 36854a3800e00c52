/**
 * Context processors: functions that add values to every template rendered with a request (as
 * Django's `context_processors`). Apps register theirs (csrf token, user, messages) once, usually in
 * their `ready()` hook.
 *
 * @module
 */
import type { Request } from '../http/request.ts'

/** Values for the template context computed from the request, e.g. `{ user: request.user }`. */
export type ContextProcessor = (request: Request) => Readonly<Record<string, unknown>> | Promise<Readonly<Record<string, unknown>>>

const registered: ContextProcessor[] = []

/**
 * Adds a context processor that every engine applies when it renders with a request, after the
 * engine's own `contextProcessors`. Read at render time, so it also reaches an engine already built.
 * Adding the same function twice has no effect.
 */
export function registerContextProcessor(processor: ContextProcessor): void {
  if (!registered.includes(processor)) registered.push(processor)
}

/** The registered context processors, in registration order. */
export function registeredContextProcessors(): readonly ContextProcessor[] {
  return [...registered]
}

/** Forgets every registered processor (for tests). */
export function clearContextProcessors(): void {
  registered.length = 0
}
