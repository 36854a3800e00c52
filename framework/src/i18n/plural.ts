/**
 * Plural rules: the C expression of a catalog's `Plural-Forms` header (`nplurals=3; plural=(n%10==1
 * && n%100!=11 ? 0 : ...);`) parsed into a small evaluator. File content is never handed to
 * `new Function` or `eval`: only `n`, integers, parentheses and C's arithmetic, comparison, logical
 * and conditional operators are accepted.
 *
 * @module
 */
import { TangoError } from '../core/errors.ts'

/** Maps a count to the index of the plural form to use. */
export type PluralFunction = (n: number) => number

/** A parsed `Plural-Forms` header. */
export interface PluralRule {
  readonly nplurals: number
  readonly plural: PluralFunction
  /** The expression as written. */
  readonly source: string
}

type Node = (n: number) => number

const TOKEN = /\s*(?:(\d+)|(n)|(\|\||&&|==|!=|<=|>=|[-+*/%<>!?:()]))/y

function tokenize(expr: string): string[] {
  const out: string[] = []
  TOKEN.lastIndex = 0
  let at = 0
  while (at < expr.length) {
    if (/^\s*$/.test(expr.slice(at))) break
    TOKEN.lastIndex = at
    const m = TOKEN.exec(expr)
    if (m === null) throw new TangoError('E_PLURAL_FORMS', `Plural-Forms expression ${JSON.stringify(expr)} has an unexpected character at position ${at}.`)
    out.push(m[1] ?? m[2] ?? m[3] ?? '')
    at = TOKEN.lastIndex
  }
  return out
}

const BINARY: Readonly<Record<string, readonly [number, (a: number, b: number) => number]>> = {
  '||': [1, (a, b) => (a !== 0 || b !== 0 ? 1 : 0)],
  '&&': [2, (a, b) => (a !== 0 && b !== 0 ? 1 : 0)],
  '==': [3, (a, b) => (a === b ? 1 : 0)],
  '!=': [3, (a, b) => (a !== b ? 1 : 0)],
  '<': [4, (a, b) => (a < b ? 1 : 0)],
  '>': [4, (a, b) => (a > b ? 1 : 0)],
  '<=': [4, (a, b) => (a <= b ? 1 : 0)],
  '>=': [4, (a, b) => (a >= b ? 1 : 0)],
  '+': [5, (a, b) => a + b],
  '-': [5, (a, b) => a - b],
  '*': [6, (a, b) => a * b],
  // C integer division and remainder; a zero divisor gives 0 rather than Infinity/NaN.
  '/': [6, (a, b) => (b === 0 ? 0 : Math.trunc(a / b))],
  '%': [6, (a, b) => (b === 0 ? 0 : a % b)],
}

class Parser {
  readonly #tokens: string[]
  readonly #source: string
  #i = 0

  constructor(source: string) {
    this.#source = source
    this.#tokens = tokenize(source)
  }

  parse(): Node {
    const node = this.#ternary()
    if (this.#i !== this.#tokens.length) this.#fail(`unexpected ${JSON.stringify(this.#tokens[this.#i])}`)
    return node
  }

  #fail(why: string): never {
    throw new TangoError('E_PLURAL_FORMS', `Plural-Forms expression ${JSON.stringify(this.#source)} is invalid: ${why}.`)
  }

  #peek(): string | undefined {
    return this.#tokens[this.#i]
  }

  #ternary(): Node {
    const cond = this.#binary(1)
    if (this.#peek() !== '?') return cond
    this.#i++
    const yes = this.#ternary()
    if (this.#tokens[this.#i++] !== ':') this.#fail("'?' without ':'")
    const no = this.#ternary()
    return (n) => (cond(n) !== 0 ? yes(n) : no(n))
  }

  #binary(minPrecedence: number): Node {
    let left = this.#unary()
    for (;;) {
      const op = this.#peek()
      const entry = op === undefined ? undefined : BINARY[op]
      if (entry === undefined || entry[0] < minPrecedence) return left
      this.#i++
      const right = this.#binary(entry[0] + 1)
      const l = left
      const apply = entry[1]
      left = (n) => apply(l(n), right(n))
    }
  }

  #unary(): Node {
    const token = this.#tokens[this.#i++]
    if (token === undefined) this.#fail('it ends too early')
    if (token === '!') {
      const inner = this.#unary()
      return (n) => (inner(n) === 0 ? 1 : 0)
    }
    if (token === '-') {
      const inner = this.#unary()
      return (n) => -inner(n)
    }
    if (token === 'n') return (n) => n
    if (/^\d+$/.test(token)) {
      const value = Number(token)
      return () => value
    }
    if (token === '(') {
      const inner = this.#ternary()
      if (this.#tokens[this.#i++] !== ')') this.#fail("'(' without ')'")
      return inner
    }
    return this.#fail(`unexpected ${JSON.stringify(token)}`)
  }
}

/**
 * Compiles a plural expression such as `(n != 1)`.
 * @throws {@link TangoError} `E_PLURAL_FORMS` naming the expression when it is not valid C.
 */
export function compilePluralExpression(expression: string): PluralFunction {
  const node = new Parser(expression).parse()
  return (n) => node(Math.abs(Math.trunc(n)))
}

/**
 * Parses a `Plural-Forms` header value: `nplurals=2; plural=(n != 1);`.
 * @throws {@link TangoError} `E_PLURAL_FORMS` when `nplurals` or `plural` is missing or invalid.
 */
export function parsePluralForms(header: string): PluralRule {
  const nplurals = /nplurals\s*=\s*(\d+)/.exec(header)?.[1]
  const source = /plural\s*=\s*([^;]+);?/.exec(header.replace(/nplurals\s*=\s*\d+\s*;?/, ''))?.[1]?.trim()
  if (nplurals === undefined || source === undefined) throw new TangoError('E_PLURAL_FORMS', `Plural-Forms header ${JSON.stringify(header)} needs "nplurals=N; plural=EXPR;".`)
  const count = Number(nplurals)
  const fn = compilePluralExpression(source)
  return Object.freeze({ nplurals: count, source, plural: (n: number) => Math.min(Math.max(fn(n), 0), count - 1) })
}

/** English's rule, used when a catalog has no `Plural-Forms` header. */
export const GERMANIC_PLURAL = 'nplurals=2; plural=(n != 1);'

/**
 * `Plural-Forms` for common languages (the values GNU gettext and Django's catalogs use), by base
 * language code. `makemessages` writes these into new catalogs.
 */
export const PLURAL_FORMS: Readonly<Record<string, string>> = Object.freeze({
  en: GERMANIC_PLURAL, de: GERMANIC_PLURAL, nl: GERMANIC_PLURAL, sv: GERMANIC_PLURAL, da: GERMANIC_PLURAL,
  nb: GERMANIC_PLURAL, no: GERMANIC_PLURAL, fi: GERMANIC_PLURAL, et: GERMANIC_PLURAL, el: GERMANIC_PLURAL,
  it: GERMANIC_PLURAL, es: GERMANIC_PLURAL, pt: GERMANIC_PLURAL, ca: GERMANIC_PLURAL, hu: GERMANIC_PLURAL,
  bg: GERMANIC_PLURAL, he: GERMANIC_PLURAL, hi: GERMANIC_PLURAL, eo: GERMANIC_PLURAL,
  fr: 'nplurals=2; plural=(n > 1);', 'pt-br': 'nplurals=2; plural=(n > 1);', tr: 'nplurals=2; plural=(n > 1);',
  ja: 'nplurals=1; plural=0;', zh: 'nplurals=1; plural=0;', ko: 'nplurals=1; plural=0;', vi: 'nplurals=1; plural=0;',
  th: 'nplurals=1; plural=0;', id: 'nplurals=1; plural=0;',
  ru: 'nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);',
  uk: 'nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);',
  be: 'nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);',
  sr: 'nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);',
  hr: 'nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);',
  pl: 'nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);',
  cs: 'nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;',
  sk: 'nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;',
  lt: 'nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && (n%100<10 || n%100>=20) ? 1 : 2);',
  lv: 'nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n != 0 ? 1 : 2);',
  ro: 'nplurals=3; plural=(n==1 ? 0 : (n==0 || (n%100 > 0 && n%100 < 20)) ? 1 : 2);',
  ar: 'nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5;',
})

/** The `Plural-Forms` for a language code (`ru-ru` → `ru`'s), English's when unknown. */
export function pluralFormsFor(language: string): string {
  const code = language.toLowerCase().replaceAll('_', '-')
  return PLURAL_FORMS[code] ?? PLURAL_FORMS[code.split('-')[0] ?? ''] ?? GERMANIC_PLURAL
}
