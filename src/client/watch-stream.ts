/**
 * Watch responses are newline-delimited JSON: one `{"type","object"}` per line. The
 * parser works on arbitrary chunk boundaries (a line may span chunks, a chunk may hold
 * many lines) so events are handed out as soon as their line is complete.
 */
import type { KubeObject, WatchEvent } from '../api/types.js';
import type { WatchStream } from './types.js';

export class WatchDecodeError extends Error {
  constructor(line: string, cause: unknown) {
    super(`watch: cannot decode event line: ${line.slice(0, 200)}`, { cause });
    this.name = 'WatchDecodeError';
  }
}

function decodeLine<T>(line: string): WatchEvent<T> {
  try {
    return JSON.parse(line) as WatchEvent<T>;
  } catch (err) {
    throw new WatchDecodeError(line, err);
  }
}

/** Splits a byte stream into watch events. */
export async function* parseWatchEvents<T = KubeObject>(chunks: AsyncIterable<Uint8Array | string>): AsyncGenerator<WatchEvent<T>> {
  const decoder = new TextDecoder();
  let pending = '';
  for await (const chunk of chunks) {
    pending += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    let start = 0;
    for (let nl = pending.indexOf('\n'); nl >= 0; nl = pending.indexOf('\n', start)) {
      const line = pending.slice(start, nl).trim();
      start = nl + 1;
      if (line) yield decodeLine<T>(line);
    }
    pending = pending.slice(start);
  }
  pending += decoder.decode();
  if (pending.trim()) yield decodeLine<T>(pending.trim());
}

/**
 * Wraps an event source as a WatchStream. close() aborts `controller` (which must be the
 * one the request was made with); after that the iteration ends quietly instead of
 * throwing the abort. Breaking out of a for-await also releases the connection.
 */
export function toWatchStream<T extends KubeObject>(
  source: AsyncIterable<WatchEvent<T>>,
  controller: AbortController,
  mapError: (err: unknown) => unknown = (err) => err,
): WatchStream<T> {
  return {
    close: () => controller.abort(),
    async *[Symbol.asyncIterator]() {
      try {
        for await (const event of source) {
          if (controller.signal.aborted) return;
          yield event;
        }
      } catch (err) {
        if (controller.signal.aborted) return;
        throw mapError(err);
      } finally {
        controller.abort();
      }
    },
  };
}
