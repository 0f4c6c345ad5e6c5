/** A tiny newline-delimited watch reader over fetch, for tests against a listening server. */
import { AUTH } from './helpers.js';

export interface WatchReader {
  status: number;
  contentType: string | null;
  /** The next event; undefined when the stream ended. */
  next(): Promise<any | undefined>;
  close(): void;
}

export async function openWatch(baseUrl: string, path: string, headers: Record<string, string> = {}): Promise<WatchReader> {
  const controller = new AbortController();
  const res = await fetch(`${baseUrl}${path}`, { headers: { ...AUTH, ...headers }, signal: controller.signal });
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  return {
    status: res.status,
    contentType: res.headers.get('content-type'),
    async next() {
      for (;;) {
        const nl = buffer.indexOf('\n');
        if (nl >= 0) {
          const line = buffer.slice(0, nl);
          buffer = buffer.slice(nl + 1);
          return JSON.parse(line);
        }
        let chunk;
        try {
          chunk = await reader.read();
        } catch {
          return undefined;
        }
        if (chunk.done) return undefined;
        buffer += decoder.decode(chunk.value, { stream: true });
      }
    },
    close() {
      controller.abort();
    },
  };
}
