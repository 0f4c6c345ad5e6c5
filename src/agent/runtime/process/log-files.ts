/**
 * Container output for the process runtime. The child writes straight into
 * `<id>.out` (so it keeps running and logging when the agent is gone); the runtime
 * "stamps" new complete lines into `<id>.log` as `<RFC3339> <text>` whenever logs are
 * read and on a short timer, persisting how far it got in `<id>.offset`.
 * Timestamps are therefore ingest times, at most one stamp interval late.
 */
import { open, mkdir, readFile, rm, writeFile, appendFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { formatStoredLine, parseStoredLine, renderLine, selectLines } from '../log-lines.js';
import type { LogOptions } from '../runtime.js';

export const FOLLOW_POLL_MS = 200;

export class LogFiles {
  private readonly dir: string;
  private readonly chains = new Map<string, Promise<void>>();

  constructor(dataDir: string, private readonly now: () => number) {
    this.dir = join(dataDir, 'logs');
  }

  async init(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
  }

  rawPath(id: string): string { return join(this.dir, `${id}.out`); }
  private logPath(id: string): string { return join(this.dir, `${id}.log`); }
  private offsetPath(id: string): string { return join(this.dir, `${id}.offset`); }

  /** Stamp new output; serialized per container so two readers never stamp a line twice. */
  ingest(id: string, final = false): Promise<void> {
    const next = (this.chains.get(id) ?? Promise.resolve()).then(() => this.ingestNow(id, final));
    const settled = next.catch(() => undefined);
    this.chains.set(id, settled);
    void settled.then(() => { if (this.chains.get(id) === settled) this.chains.delete(id); });
    return next;
  }

  private async ingestNow(id: string, final: boolean): Promise<void> {
    const offset = Number(await readFile(this.offsetPath(id), 'utf8').catch(() => '0')) || 0;
    const size = await stat(this.rawPath(id)).then((s) => s.size, () => 0);
    if (size <= offset) return;
    const handle = await open(this.rawPath(id), 'r');
    const buf = Buffer.alloc(size - offset);
    try {
      await handle.read(buf, 0, buf.length, offset);
    } finally {
      await handle.close();
    }
    const lastNewline = buf.lastIndexOf(0x0a);
    const usable = final ? buf.length : lastNewline + 1;
    if (usable <= 0) return;
    const text = buf.subarray(0, usable).toString('utf8').replace(/\n$/, '');
    const time = this.now();
    await appendFile(this.logPath(id), text.split('\n').map((l) => formatStoredLine(time, l)).join(''));
    await writeFile(this.offsetPath(id), String(offset + usable));
  }

  async read(id: string, options: LogOptions): Promise<{ text: string; size: number }> {
    const content = await readFile(this.logPath(id), 'utf8').catch(() => '');
    const lines = content.split('\n').filter((l) => l.length > 0).map(parseStoredLine);
    const selected = selectLines(lines, options, this.now());
    return { text: selected.map((l) => renderLine(l, options.timestamps ?? false)).join(''), size: Buffer.byteLength(content) };
  }

  /** Lines past `from` bytes of the stamped log (for follow); reads only the new bytes. */
  async readFrom(id: string, from: number, timestamps: boolean): Promise<{ text: string; size: number }> {
    const size = await stat(this.logPath(id)).then((s) => s.size, () => 0);
    if (size <= from) return { text: '', size: from };
    const handle = await open(this.logPath(id), 'r');
    const fresh = Buffer.alloc(size - from);
    try {
      await handle.read(fresh, 0, fresh.length, from);
    } finally {
      await handle.close();
    }
    // Stamped lines are appended whole, so `from` is always at a line boundary.
    const lines = fresh.toString('utf8').split('\n').filter((l) => l.length > 0).map(parseStoredLine);
    return { text: lines.map((l) => renderLine(l, timestamps)).join(''), size };
  }

  async remove(id: string): Promise<void> {
    await Promise.all([this.rawPath(id), this.logPath(id), this.offsetPath(id)].map((p) => rm(p, { force: true })));
  }

  /** A stream of selected lines; with follow, polls until the container stops or the signal aborts. */
  async stream(id: string, options: LogOptions, isRunning: () => Promise<boolean>): Promise<Readable> {
    await this.ingest(id, !(await isRunning()));
    const first = await this.read(id, options);
    if (!options.follow) return Readable.from([first.text].filter((t) => t.length > 0));
    const ingest = (final: boolean) => this.ingest(id, final);
    const readFrom = (from: number) => this.readFrom(id, from, options.timestamps ?? false);
    async function* follow(): AsyncGenerator<string> {
      if (first.text) yield first.text;
      let position = first.size;
      while (!options.signal?.aborted) {
        await new Promise((r) => setTimeout(r, FOLLOW_POLL_MS));
        const running = await isRunning();
        await ingest(!running);
        const next = await readFrom(position);
        position = next.size;
        if (next.text) yield next.text;
        if (!running) return;
      }
    }
    return Readable.from(follow());
  }
}
