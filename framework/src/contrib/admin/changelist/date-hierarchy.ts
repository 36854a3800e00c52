/**
 * The date drill-down above the change list (Django's `date_hierarchy` template tag): the years
 * with rows, then a year's months, then a month's days, each a link adding `<field>__year`,
 * `__month`, `__day` to the query string, with a back link one level up.
 *
 * One query: the distinct values of the field among the filtered rows.
 *
 * @module
 */
import { gettext, settings } from 'tango/core'
import type { QuerySet, AnyModel } from 'tango/db'
import { formatDate } from 'tango/templates'
import type { ChangeList } from './change-list.ts'
import { getField } from './fields.ts'

/** One link of the drill-down. */
export interface DateHierarchyLink {
  readonly link: string | null
  readonly title: string
}

/** What the `admin/date_hierarchy.html` template draws. */
export interface DateHierarchy {
  readonly back: DateHierarchyLink | null
  readonly choices: DateHierarchyLink[]
}

function asDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null
  if (value instanceof Date) return value
  const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(String(value)) ? `${String(value)}T00:00:00Z` : String(value))
  return Number.isNaN(d.getTime()) ? null : d
}

/** Builds the drill-down of `cl` (Django's `date_hierarchy(cl)`), or `null` without `dateHierarchy`. */
export async function dateHierarchy(cl: ChangeList): Promise<DateHierarchy | null> {
  const name = cl.dateHierarchy
  if (!name) return null
  const field = getField(cl.model, name)
  const tz = field?.type === 'DateTimeField' ? settings.TIME_ZONE : 'UTC'
  const yearKey = `${name}__year`
  const monthKey = `${name}__month`
  const dayKey = `${name}__day`
  const year = cl.params.get(yearKey)
  const month = cl.params.get(monthKey)
  const day = cl.params.get(dayKey)
  const link = (filters: Record<string, string | number>): string => cl.getQueryString(filters, [`${name}__`])
  const fmt = (d: Date, format: string): string => formatDate(d, format, tz)
  const values = async (): Promise<Date[]> => {
    const qs = cl.queryset as QuerySet<AnyModel>
    const raw = (await qs.valuesList(name, { flat: true }).distinct().orderBy()) as unknown[]
    return raw.map(asDate).filter((d): d is Date => d !== null)
  }
  const part = (d: Date, kind: 'year' | 'month' | 'day'): number => {
    const text = fmt(d, kind === 'year' ? 'Y' : kind === 'month' ? 'n' : 'j')
    return Number(text)
  }
  if (year && month && day) {
    const d = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)))
    return { back: { link: link({ [yearKey]: year, [monthKey]: month }), title: formatDate(d, 'F Y', 'UTC') }, choices: [{ link: null, title: formatDate(d, 'F j', 'UTC') }] }
  }
  if (year && month) {
    const days = new Set<number>()
    for (const d of await values()) days.add(part(d, 'day'))
    return {
      back: { link: link({ [yearKey]: year }), title: year },
      choices: [...days].sort((a, b) => a - b).map((dd) => ({
        link: link({ [yearKey]: year, [monthKey]: month, [dayKey]: dd }),
        title: formatDate(new Date(Date.UTC(Number(year), Number(month) - 1, dd)), 'F j', 'UTC'),
      })),
    }
  }
  if (year) {
    const months = new Set<number>()
    for (const d of await values()) months.add(part(d, 'month'))
    return {
      back: { link: link({}), title: gettext('All dates') },
      choices: [...months].sort((a, b) => a - b).map((m) => ({
        link: link({ [yearKey]: year, [monthKey]: m }),
        title: formatDate(new Date(Date.UTC(Number(year), m - 1, 1)), 'F Y', 'UTC'),
      })),
    }
  }
  const years = new Set<number>()
  for (const d of await values()) years.add(part(d, 'year'))
  return { back: null, choices: [...years].sort((a, b) => a - b).map((y) => ({ link: link({ [yearKey]: y }), title: String(y) })) }
}
