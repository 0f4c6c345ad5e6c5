/** The last lines of a container's log, bounded in lines and bytes, for lastState.terminated.message. */
import type { Runtime } from './runtime/runtime.js';

/** Keeps the last `maxBytes` of `text`, cut at a line start when possible. */
export function tailBytes(text: string, maxBytes: number): string {
  const buf = Buffer.from(text, 'utf8');
  if (buf.length <= maxBytes) return text;
  const cut = buf.subarray(buf.length - maxBytes).toString('utf8');
  const newline = cut.indexOf('\n');
  return newline >= 0 && newline < cut.length - 1 ? cut.slice(newline + 1) : cut;
}

export async function readTail(runtime: Runtime, containerId: string, tailLines: number, maxBytes: number): Promise<string> {
  const logs = await runtime.logs(containerId, { tailLines, follow: false });
  if (!logs.ok) return '';
  const chunks: Buffer[] = [];
  for await (const chunk of logs.value as AsyncIterable<Buffer | string>) chunks.push(Buffer.from(chunk));
  return tailBytes(Buffer.concat(chunks).toString('utf8'), maxBytes);
}
