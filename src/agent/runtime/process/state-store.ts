/**
 * One JSON file per container under `<dataDir>/containers/`, so a restarted agent can
 * list and adopt the processes its previous incarnation started. Writes go through a
 * temp file + rename so a crash never leaves half a record.
 *
 * The environment is never written: it may hold Secret values (env valueFrom), which must not
 * reach the disk. A record loaded after a restart has `env: {}` and `envKnown: false`; the
 * runtime then reads a running process's environment from /proc instead.
 */
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ContainerInfo, ContainerSpec } from '../runtime.js';

export interface ProcessRecord {
  info: ContainerInfo;
  spec: ContainerSpec;
  /** /proc start time of the process-group leader, to tell a recycled pid apart. */
  pidStartTime?: number;
  /** False for a record loaded from disk: `spec.env` was not saved (see above). */
  envKnown?: boolean;
}

export class StateStore {
  private readonly dir: string;
  private readonly writes = new Map<string, Promise<void>>();

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'containers');
  }

  async init(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
  }

  /** Writes are queued per container: the last save wins and a delete is never undone. */
  save(record: ProcessRecord): Promise<void> {
    const snapshot = JSON.stringify({ ...record, spec: { ...record.spec, env: {} }, envKnown: undefined });
    const file = join(this.dir, `${record.info.id}.json`);
    return this.enqueue(record.info.id, async () => {
      const tmp = `${file}.${process.pid}.tmp`;
      await writeFile(tmp, snapshot);
      await rename(tmp, file);
    });
  }

  async loadAll(): Promise<ProcessRecord[]> {
    const names = (await readdir(this.dir)).filter((n) => n.endsWith('.json'));
    const records: ProcessRecord[] = [];
    for (const name of names) {
      try {
        records.push({ ...(JSON.parse(await readFile(join(this.dir, name), 'utf8')) as ProcessRecord), envKnown: false });
      } catch {
        // A record being replaced right now, or garbage: skip it rather than fail list().
      }
    }
    return records;
  }

  delete(id: string): Promise<void> {
    return this.enqueue(id, () => rm(join(this.dir, `${id}.json`), { force: true }));
  }

  private enqueue(id: string, write: () => Promise<void>): Promise<void> {
    const next = (this.writes.get(id) ?? Promise.resolve()).then(write);
    const settled = next.catch(() => undefined);
    this.writes.set(id, settled);
    void settled.then(() => { if (this.writes.get(id) === settled) this.writes.delete(id); });
    return next;
  }
}
