/**
 * Content negotiation for `Accept-Encoding` (RFC 9110 §12.5.3): which of the encodings Tango
 * produces (brotli, gzip) the client takes, honouring q-values.
 *
 * @module
 */

/** An encoding `GZipMiddleware` can produce. */
export type ContentCoding = 'br' | 'gzip'

let lastHeader: string | undefined
let lastChoice: ContentCoding | null = null

/**
 * Picks the response encoding for an `Accept-Encoding` header: the acceptable coding with the
 * highest q, brotli on a tie (smaller output); `*` stands for codings not named; `x-gzip` is gzip
 * (RFC 9110 §8.4.1.3); `q=0` refuses. Browsers send the same few headers over and over, so the last
 * answer is kept.
 * @param header - the raw header, or `undefined`.
 * @returns `br`, `gzip`, or `null` when neither is acceptable.
 * @example `chooseEncoding('gzip, deflate, br')` → `'br'`; `chooseEncoding('br;q=0, gzip')` → `'gzip'`
 */
export function chooseEncoding(header: string | undefined): ContentCoding | null {
  if (!header) return null
  if (header === lastHeader) return lastChoice
  let br: number | null = null
  let gzip: number | null = null
  let star: number | null = null
  for (const item of header.split(',')) {
    const semi = item.indexOf(';')
    const coding = (semi < 0 ? item : item.slice(0, semi)).trim().toLowerCase()
    if (coding !== 'br' && coding !== 'gzip' && coding !== 'x-gzip' && coding !== '*') continue
    let q = 1
    if (semi >= 0) {
      const match = /(?:^|;)\s*q\s*=\s*([0-9.]+)/i.exec(item.slice(semi))
      if (match) q = Number(match[1])
      if (!Number.isFinite(q)) q = 0
    }
    if (coding === 'br') br = q
    else if (coding === '*') star = q
    else gzip = Math.max(gzip ?? 0, q)
  }
  const qBr = br ?? star ?? 0
  const qGzip = gzip ?? star ?? 0
  const choice: ContentCoding | null = qBr > 0 && qBr >= qGzip ? 'br' : qGzip > 0 ? 'gzip' : null
  lastHeader = header
  lastChoice = choice
  return choice
}
