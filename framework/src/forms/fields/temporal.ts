/**
 * Date and time fields: `DateField`, `TimeField`, `DateTimeField`, `DurationField` (as Django's),
 * cleaned to the values the ORM stores: `'2026-11-21'`, `'13:45:00'`, a `Date` (UTC) and
 * milliseconds.
 *
 * @module
 */
import { DateInput, DateTimeInput, TextInput, TimeInput } from '../widgets/inputs.ts'
import type { Widget } from '../widgets/widget.ts'
import { FormField } from './field.ts'

const pad = (n: number, width = 2): string => String(n).padStart(width, '0')

function validDate(year: number, month: number, day: number): boolean {
  const d = new Date(Date.UTC(year, month - 1, day))
  return year >= 1 && d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day
}

/** `YYYY-MM-DD`, `MM/DD/YYYY` or `MM/DD/YY` (Django's first `DATE_INPUT_FORMATS`) → `[y, m, d]` or `null`. */
function parseDate(text: string): [number, number, number] | null {
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text)
  let parts: [number, number, number] | null = null
  if (m !== null) parts = [Number(m[1]), Number(m[2]), Number(m[3])]
  else if ((m = /^(\d{1,2})\/(\d{1,2})\/(\d{4}|\d{2})$/.exec(text)) !== null) {
    let year = Number(m[3])
    // Python's %y: 69–99 are 1900s, 00–68 the 2000s.
    if (m[3]?.length === 2) year += year < 69 ? 2000 : 1900
    parts = [year, Number(m[1]), Number(m[2])]
  }
  return parts !== null && validDate(...parts) ? parts : null
}

/** `HH:MM[:SS[.ffffff]]` → `[h, m, s, microseconds]` or `null`. */
function parseTime(text: string): [number, number, number, number] | null {
  const m = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,6})\d*)?)?$/.exec(text)
  if (m === null) return null
  const parts: [number, number, number, number] = [Number(m[1]), Number(m[2]), Number(m[3] ?? 0), Number((m[4] ?? '0').padEnd(6, '0'))]
  return parts[0] < 24 && parts[1] < 60 && parts[2] < 60 ? parts : null
}

function timeText([h, m, s, us]: [number, number, number, number]): string {
  return `${pad(h)}:${pad(m)}:${pad(s)}${us ? `.${pad(us, 6)}` : ''}`
}

/** A date: "Enter a valid date." Cleans to `'YYYY-MM-DD'`. Widget `DateInput` (`type="date"`). */
export class DateField<T extends string | null = string> extends FormField<T> {
  protected override defaultWidget(): Widget {
    return new DateInput()
  }

  /** @inheritdoc */
  override toPython(value: unknown): unknown {
    if (value === null || value === undefined || value === '') return null
    if (value instanceof Date) return value.toISOString().slice(0, 10)
    const parts = parseDate(String(value).trim())
    if (parts === null) throw this.error('invalidDate')
    return `${pad(parts[0], 4)}-${pad(parts[1])}-${pad(parts[2])}`
  }
}

/** A time of day: "Enter a valid time." Cleans to `'HH:MM:SS'` (`.ffffff` when given). Widget `TimeInput`. */
export class TimeField<T extends string | null = string> extends FormField<T> {
  protected override defaultWidget(): Widget {
    return new TimeInput()
  }

  /** @inheritdoc */
  override toPython(value: unknown): unknown {
    if (value === null || value === undefined || value === '') return null
    const parts = parseTime(String(value).trim())
    if (parts === null) throw this.error('invalidTime')
    return timeText(parts)
  }
}

/**
 * A date and time: "Enter a valid date/time." Accepts ISO 8601 with `T` or a space, with or without
 * seconds and an offset (`Z`, `+02:00`), and a bare date (midnight). Without an offset the time is
 * read as UTC (Tango stores date-times in UTC and has no `TIME_ZONE` setting yet). Cleans to a `Date`.
 */
export class DateTimeField<T extends Date | null = Date> extends FormField<T> {
  protected override defaultWidget(): Widget {
    return new DateTimeInput()
  }

  /** @inheritdoc */
  override toPython(value: unknown): unknown {
    if (value === null || value === undefined || value === '') return null
    if (value instanceof Date) {
      if (Number.isNaN(value.getTime())) throw this.error('invalidDateTime')
      return value
    }
    const text = String(value).trim()
    const m = /^(\d{1,4}[-/]\d{1,2}[-/]\d{1,4})(?:[T ](\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?))?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i.exec(text)
    const date = m === null ? null : parseDate(m[1] ?? '')
    const time = m?.[2] === undefined ? [0, 0, 0, 0] as [number, number, number, number] : parseTime(m[2])
    if (m === null || date === null || time === null || (m[3] !== undefined && m[2] === undefined)) throw this.error('invalidDateTime')
    let ms = Date.UTC(date[0], date[1] - 1, date[2], time[0], time[1], time[2], Math.floor(time[3] / 1000))
    const offset = m[3]
    if (offset !== undefined && offset.toUpperCase() !== 'Z') {
      const sign = offset.startsWith('-') ? -1 : 1
      const digits = offset.slice(1).replace(':', '')
      ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || 0)) * 60_000
    }
    return new Date(ms)
  }
}

const STANDARD_DURATION = /^(?:(-?\d+) (?:days?, )?)?(-?)(?:(\d+):(?=\d+:\d+))?(?:(\d+):)?(\d+)(?:[.,](\d{1,6})\d{0,6})?$/
const ISO_DURATION = /^([-+]?)P(?:(\d+(?:[.,]\d+)?)D)?(?:T(?:(\d+(?:[.,]\d+)?)H)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/

/**
 * Parses Django's duration formats (`'3 01:02:03.5'`, `'01:02:03'`, `'02:03'`, `'45'`, ISO 8601
 * `'P3DT1H'`) into milliseconds, or `null`.
 */
export function parseDuration(text: string): number | null {
  const num = (s: string | undefined): number => Number((s ?? '0').replace(',', '.'))
  let m = STANDARD_DURATION.exec(text)
  if (m !== null) {
    const sign = m[2] === '-' ? -1 : 1
    const micro = Number((m[6] ?? '0').padEnd(6, '0'))
    const time = ((num(m[3]) * 60 + num(m[4])) * 60 + num(m[5])) * 1000 + micro / 1000
    return num(m[1]) * 86_400_000 + sign * time
  }
  m = ISO_DURATION.exec(text)
  if (m !== null && text !== 'P' && !text.endsWith('T')) {
    const sign = m[1] === '-' ? -1 : 1
    return sign * (((num(m[2]) * 24 + num(m[3])) * 60 + num(m[4])) * 60 + num(m[5])) * 1000
  }
  return null
}

/** Milliseconds as Django's `duration_string`: `'3 01:02:03'`, `'00:05:00.250000'`. */
export function durationString(ms: number): string {
  const negative = ms < 0
  let rest = Math.abs(Math.round(ms * 1000))
  const micro = rest % 1_000_000
  rest = (rest - micro) / 1_000_000
  const seconds = rest % 60
  const minutes = Math.floor(rest / 60) % 60
  const hours = Math.floor(rest / 3600) % 24
  const days = Math.floor(rest / 86_400)
  let out = `${pad(hours)}:${pad(minutes)}:${pad(seconds)}`
  if (days) out = `${days} ${out}`
  if (micro) out += `.${pad(micro, 6)}`
  return negative ? `-${out}` : out
}

/** A duration: "Enter a valid duration." Cleans to milliseconds (the ORM's `duration()` value). */
export class DurationField<T extends number | null = number> extends FormField<T> {
  protected override defaultWidget(): Widget {
    return new TextInput()
  }

  /** @inheritdoc */
  override toPython(value: unknown): unknown {
    if (value === null || value === undefined || value === '') return null
    if (typeof value === 'number') return value
    const ms = parseDuration(String(value).trim())
    if (ms === null) throw this.error('invalidDuration')
    return ms
  }

  /** @inheritdoc */
  override prepareValue(value: unknown): unknown {
    return typeof value === 'number' ? durationString(value) : value
  }
}
