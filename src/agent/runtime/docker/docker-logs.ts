import type Docker from 'dockerode';
import { Readable } from 'node:stream';
import type { LogOptions } from '../runtime.js';
import { mergeFrames } from './demux.js';

/** Logs of one container as a single merged stream; destroying on abort ends follow. */
export async function dockerLogs(container: Docker.Container, options: LogOptions, tty: boolean): Promise<NodeJS.ReadableStream> {
  const request = {
    stdout: true,
    stderr: true,
    timestamps: options.timestamps ?? false,
    ...(options.tailLines !== undefined ? { tail: Math.max(0, options.tailLines) } : {}),
    since: options.sinceSeconds !== undefined ? Math.floor(Date.now() / 1000 - options.sinceSeconds) : 0,
  };
  if (!options.follow) {
    const buffer = (await container.logs({ ...request, follow: false })) as unknown as Buffer;
    return tty ? Readable.from([buffer]) : mergeFrames(buffer);
  }
  const source = (await container.logs({ ...request, follow: true })) as unknown as Readable;
  const out = tty ? source : mergeFrames(source);
  const abort = () => source.destroy();
  if (options.signal?.aborted) abort();
  options.signal?.addEventListener('abort', abort, { once: true });
  return out;
}
