// Shared bits for the urls tests: views that say who they are.
import { HttpResponse } from '../../../framework/src/http/index.ts'
import type { ViewFunction } from '../../../framework/src/urls/index.ts'

/** A view answering with its label, so a test can tell which route won. */
export function view(label: string): ViewFunction<Record<string, unknown>> {
  const fn: ViewFunction<Record<string, unknown>> = () => new HttpResponse(label)
  Object.defineProperty(fn, 'label', { value: label })
  return fn
}

/** The label of a view made by {@link view}. */
export function labelOf(fn: unknown): string | undefined {
  return (fn as { label?: string } | null)?.label
}
