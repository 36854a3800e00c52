/**
 * Reading a request body chunk by chunk without ever destroying the connection: when a reader
 * stops early (a limit was hit), the rest of a node stream is drained to nowhere, so the 4xx
 * response still reaches the client and the connection can be reused.
 *
 * @module
 * @internal
 */
import { BadRequest } from './errors.ts'

/** The slice of node's `Readable` (e.g. `IncomingMessage`) this reader uses. */
interface NodeReadable {
  on(event: string, listener: (...args: never[]) => void): unknown
  off(event: string, listener: (...args: never[]) => void): unknown
  resume(): unknown
  readonly readableEnded?: boolean
}

function isNodeReadable(source: object): source is NodeReadable & AsyncIterable<Uint8Array> {
  const s = source as Partial<NodeReadable>
  return typeof s.on === 'function' && typeof s.off === 'function' && typeof s.resume === 'function'
}

/**
 * Feeds every chunk of `source` to `onChunk`. If `onChunk` throws, reading stops, the rest of the
 * body is drained (node streams) or the iterator is closed, and the promise rejects with that error.
 * @throws {@link BadRequest} when the client aborts or the stream fails mid-body.
 * @internal
 */
export function forEachChunk(source: AsyncIterable<Uint8Array>, onChunk: (chunk: Uint8Array) => void): Promise<void> {
  if (isNodeReadable(source)) return fromNodeStream(source, onChunk)
  return fromIterable(source, onChunk)
}

function fromNodeStream(stream: NodeReadable, onChunk: (chunk: Uint8Array) => void): Promise<void> {
  if (stream.readableEnded) return Promise.resolve()
  return new Promise((resolve, reject) => {
    let settled = false
    const cleanup = (): void => {
      settled = true
      stream.off('data', onData)
      stream.off('end', onEnd)
      stream.off('error', onError)
      stream.off('close', onClose)
    }
    const onData = (chunk: Uint8Array): void => {
      if (settled) return
      try {
        onChunk(chunk)
      } catch (error) {
        cleanup()
        // Keep the stream flowing with no listener: node drops the rest instead of buffering it.
        stream.resume()
        reject(error as Error)
      }
    }
    const onEnd = (): void => {
      cleanup()
      resolve()
    }
    const onError = (error: Error): void => {
      cleanup()
      reject(new BadRequest(`The request body could not be read: ${error.message}`, 'E_BAD_REQUEST_BODY', { cause: error }))
    }
    const onClose = (): void => {
      if (settled) return
      cleanup()
      reject(new BadRequest('The client closed the connection before sending the whole body.', 'E_BAD_REQUEST_BODY'))
    }
    stream.on('data', onData)
    stream.on('end', onEnd)
    stream.on('error', onError)
    stream.on('close', onClose)
  })
}

async function fromIterable(source: AsyncIterable<Uint8Array>, onChunk: (chunk: Uint8Array) => void): Promise<void> {
  for await (const chunk of source) onChunk(chunk)
}
