/**
 * Parsing `multipart/form-data` (RFC 7578) with busboy into fields and in-memory files, with
 * Django's limits.
 *
 * @module
 */
import busboy from 'busboy'
import { gettext } from '../core/translation.ts'
import { forEachChunk } from './body-reader.ts'
import { BadRequest, RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent } from './errors.ts'
import { QueryDict } from './query-dict.ts'
import type { RequestHeaders } from './request.ts'
import type { UploadedFile } from './uploaded-file.ts'

/** Limits for {@link parseMultipart}; `null` means none. Names are the settings they come from. */
export interface MultipartLimits {
  /** `DATA_UPLOAD_MAX_MEMORY_SIZE`: total bytes of the non-file fields (names and values). 413 past it. */
  readonly maxMemorySize: number | null
  /** `DATA_UPLOAD_MAX_NUMBER_FIELDS`: 400 past it. */
  readonly maxNumberFields: number | null
  /** `DATA_UPLOAD_MAX_NUMBER_FILES`: 400 past it. */
  readonly maxNumberFiles: number | null
  /** `FILE_UPLOAD_MAX_SIZE`: bytes of any one file. 413 past it. */
  readonly maxFileSize: number
}

/** What a multipart body parses to. */
export interface MultipartResult {
  readonly fields: QueryDict
  readonly files: QueryDict<UploadedFile>
}

/**
 * Parses a multipart body from a byte stream. Files are kept in memory; file inputs left empty
 * (no file name) are skipped, as Django does.
 *
 * @param source - the body.
 * @param headers - the request headers (`content-type` carries the boundary).
 * @param limits - see {@link MultipartLimits}.
 * @throws {@link BadRequest} (400, `E_BAD_REQUEST_BODY`) for a missing boundary or a malformed or
 *   truncated body; {@link TooManyFieldsSent} / {@link TooManyFilesSent} (400);
 *   {@link RequestDataTooBig} (413).
 */
export function parseMultipart(source: AsyncIterable<Uint8Array>, headers: RequestHeaders, limits: MultipartLimits): Promise<MultipartResult> {
  let parser: busboy.Busboy
  try {
    parser = busboy({
      headers: { 'content-type': String(headers['content-type'] ?? '') },
      defParamCharset: 'utf8',
      limits: {
        fields: limits.maxNumberFields ?? Infinity,
        files: limits.maxNumberFiles ?? Infinity,
        fileSize: limits.maxFileSize,
        // One byte over the budget, so "too big" shows as truncation rather than passing silently.
        fieldSize: limits.maxMemorySize === null ? Infinity : limits.maxMemorySize + 1,
        fieldNameSize: limits.maxMemorySize === null ? Infinity : limits.maxMemorySize + 1,
      },
    })
  } catch (error) {
    return Promise.reject(new BadRequest(`Malformed multipart body: ${(error as Error).message}.`, 'E_BAD_REQUEST_BODY'))
  }
  // Translated now, in the request's language: busboy's events may fire outside its async context.
  const messages = {
    fieldsTooBig: gettext('The form fields exceeded DATA_UPLOAD_MAX_MEMORY_SIZE.'),
    fileTooBig: gettext('The uploaded file {name} is larger than FILE_UPLOAD_MAX_SIZE ({size} bytes).'),
    tooManyFields: gettext('The number of GET/POST parameters exceeded DATA_UPLOAD_MAX_NUMBER_FIELDS.'),
    tooManyFiles: gettext('The number of files exceeded DATA_UPLOAD_MAX_NUMBER_FILES.'),
  }
  return new Promise((resolve, reject) => {
    const fields: [string, string][] = []
    const files: [string, UploadedFile][] = []
    let memory = 0
    let failure: Error | null = null
    const fail = (error: Error): void => {
      if (failure) return
      failure = error
      reject(error)
    }
    const tooBig = (): RequestDataTooBig => new RequestDataTooBig(messages.fieldsTooBig)

    parser.on('field', (name, value, info) => {
      if (info.nameTruncated || info.valueTruncated) return fail(tooBig())
      // Django counts each field's name and value against the in-memory budget.
      memory += Buffer.byteLength(name) + Buffer.byteLength(value)
      if (limits.maxMemorySize !== null && memory > limits.maxMemorySize) return fail(tooBig())
      fields.push([name, value])
    })
    parser.on('file', (name, stream, info) => {
      const chunks: Buffer[] = []
      let size = 0
      stream.on('data', (chunk: Buffer) => {
        chunks.push(chunk)
        size += chunk.length
      })
      stream.on('limit', () => {
        const fileName = JSON.stringify(info.filename ?? name)
        fail(new RequestDataTooBig(messages.fileTooBig.replace(/\{(name|size)\}/g, (_match, key: string) => (key === 'name' ? fileName : String(limits.maxFileSize)))))
      })
      stream.on('end', () => {
        if (failure || !info.filename) return
        files.push([name, Object.freeze({ name, filename: info.filename, contentType: info.mimeType || 'application/octet-stream', size, content: Buffer.concat(chunks, size) })])
      })
    })
    parser.on('fieldsLimit', () => fail(new TooManyFieldsSent(messages.tooManyFields)))
    parser.on('filesLimit', () => fail(new TooManyFilesSent(messages.tooManyFiles)))
    parser.on('partsLimit', () => fail(new TooManyFieldsSent(messages.tooManyFields)))
    parser.on('error', (error: Error) => fail(new BadRequest(`Malformed multipart body: ${error.message}.`, 'E_BAD_REQUEST_BODY')))
    parser.on('finish', () => {
      if (!failure) resolve({ fields: new QueryDict(fields), files: new QueryDict(files) })
    })
    forEachChunk(source, (chunk) => {
      if (failure) throw failure
      parser.write(chunk)
    }).then(
      () => {
        if (failure) parser.destroy()
        else parser.end()
      },
      (error: Error) => {
        fail(error)
        parser.destroy()
      },
    )
  })
}
