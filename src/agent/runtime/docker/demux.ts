/**
 * Docker's multiplexed stream (non-TTY logs and exec): frames of an 8-byte header
 * [stream, 0, 0, 0, size(uint32 BE)] followed by `size` bytes. Frames may be split across
 * chunks, so this parser keeps the incomplete tail between calls.
 */
import { PassThrough, type Readable } from 'node:stream';

export type StreamKind = 'stdin' | 'stdout' | 'stderr';

export class FrameParser {
  private pending: Buffer = Buffer.alloc(0);

  /** Feeds a chunk and returns the complete frames in it. */
  push(chunk: Buffer): Array<{ stream: StreamKind; payload: Buffer }> {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    const frames: Array<{ stream: StreamKind; payload: Buffer }> = [];
    while (this.pending.length >= 8) {
      const size = this.pending.readUInt32BE(4);
      if (this.pending.length < 8 + size) break;
      const kind = this.pending[0] === 2 ? 'stderr' : this.pending[0] === 0 ? 'stdin' : 'stdout';
      frames.push({ stream: kind, payload: this.pending.subarray(8, 8 + size) });
      this.pending = this.pending.subarray(8 + size);
    }
    return frames;
  }
}

/** Splits a multiplexed source into stdout and stderr streams (both end with the source). */
export function demultiplex(source: Readable | NodeJS.ReadableStream): { stdout: PassThrough; stderr: PassThrough } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const parser = new FrameParser();
  source.on('data', (chunk: Buffer) => {
    for (const f of parser.push(chunk)) (f.stream === 'stderr' ? stderr : stdout).write(f.payload);
  });
  const finish = () => { stdout.end(); stderr.end(); };
  source.on('end', finish);
  source.on('close', finish);
  source.on('error', finish);
  return { stdout, stderr };
}

/** One stream with stdout and stderr interleaved in arrival order (what `kubectl logs` shows). */
export function mergeFrames(source: Readable | NodeJS.ReadableStream | Buffer): PassThrough {
  const out = new PassThrough();
  const parser = new FrameParser();
  if (Buffer.isBuffer(source)) {
    for (const f of parser.push(source)) out.write(f.payload);
    out.end();
    return out;
  }
  source.on('data', (chunk: Buffer) => {
    for (const f of parser.push(chunk)) out.write(f.payload);
  });
  const finish = () => out.end();
  source.on('end', finish);
  source.on('close', finish);
  source.on('error', finish);
  return out;
}
