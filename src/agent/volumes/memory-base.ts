/**
 * The memory-backed filesystem that holds secret, projected and Memory emptyDir volumes,
 * so secret bytes never reach a disk. Two ways, chosen by `mode`:
 *  - 'shm' (default): a 0700 directory on /dev/shm (a tmpfs on every Linux host), named
 *    after the agent's data dir. Works without privileges and leaves the data dir free of
 *    mount points, so deleting a data dir (tests do, after kill -9) always works.
 *  - 'mount': a dedicated tmpfs mounted at `<dataDir>/secrets-tmpfs` (root only; falls back
 *    to 'shm' with a warning when mounting fails). Its size caps all of them together.
 *    It stays mounted across agent restarts (running containers keep using it) and is
 *    unmounted on a clean shutdown once no pod uses it.
 * If neither is available (no /dev/shm) the volumes go to `<dataDir>/memory-volumes` and the
 * agent warns loudly: they are then on disk.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rm, rmdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { AgentLogger } from '../logger.js';
import { shmMemoryBase, tmpfsMemoryBase } from './layout.js';

const run = promisify(execFile);

export type MemoryBaseMode = 'shm' | 'mount';

/** In each /dev/shm base: the data dir of the agent that owns it (a dot file, so it is never taken for a pod uid). */
const OWNER_FILE = '.data-dir';

export interface MemoryBase {
  root: string;
  how: 'shm' | 'mount' | 'disk';
}

export interface MemoryBaseOptions {
  dataDir: string;
  mode: MemoryBaseMode;
  /** Size of the dedicated tmpfs ('mount' mode). */
  sizeBytes: number;
  logger: AgentLogger;
  shmRoot?: string;
}

export async function prepareMemoryBase(options: MemoryBaseOptions): Promise<MemoryBase> {
  if (options.mode === 'mount' && process.getuid?.() === 0) {
    const root = tmpfsMemoryBase(options.dataDir);
    try {
      if ((await filesystemOf(root))?.mountPoint !== path.resolve(root)) {
        await mkdir(root, { recursive: true, mode: 0o700 });
        await run('mount', ['-t', 'tmpfs', '-o', `mode=0700,size=${options.sizeBytes}`, 'tmpfs', root]);
      }
      return { root, how: 'mount' };
    } catch (err) {
      options.logger.warn({ err, path: root }, 'cannot mount a tmpfs for secret volumes; using /dev/shm');
    }
  }
  const shmRoot = options.shmRoot ?? '/dev/shm';
  if (existsSync(shmRoot)) {
    await removeAbandonedBases(shmRoot, options.logger);
    const root = shmMemoryBase(options.dataDir, shmRoot);
    await mkdir(root, { recursive: true, mode: 0o700 });
    await writeFile(path.join(root, OWNER_FILE), path.resolve(options.dataDir), { mode: 0o600 });
    return { root, how: 'shm' };
  }
  const root = path.join(options.dataDir, 'memory-volumes');
  options.logger.error({ path: root }, `no memory filesystem (${shmRoot} is missing): secret and projected volumes are written to disk`);
  await mkdir(root, { recursive: true, mode: 0o700 });
  return { root, how: 'disk' };
}

/**
 * Removes /dev/shm bases whose agent's data dir no longer exists: an agent killed with
 * kill -9 whose data dir was then deleted (test clusters) would otherwise leave its pods'
 * secrets in memory until the host reboots.
 */
async function removeAbandonedBases(shmRoot: string, logger: AgentLogger): Promise<void> {
  for (const entry of await readdir(shmRoot).catch(() => [] as string[])) {
    if (!/^tug-[0-9a-f]{12}$/.test(entry)) continue;
    const owner = await readFile(path.join(shmRoot, entry, OWNER_FILE), 'utf8').catch(() => undefined);
    if (owner === undefined || existsSync(owner)) continue;
    logger.info({ path: path.join(shmRoot, entry), dataDir: owner }, 'removing the memory volumes of an agent whose data dir is gone');
    await rm(path.join(shmRoot, entry), { recursive: true, force: true });
  }
}

/** Unmounts a dedicated tmpfs that no pod uses any more (clean shutdown); otherwise leaves it. */
export async function releaseMemoryBase(base: MemoryBase, logger: AgentLogger): Promise<void> {
  const entries = await readdir(base.root).catch(() => ['?']);
  if (entries.some((e) => e !== OWNER_FILE)) return;
  await rm(path.join(base.root, OWNER_FILE), { force: true });
  if (base.how === 'mount') await run('umount', [base.root]).catch((err: unknown) => logger.warn({ err, path: base.root }, 'cannot unmount the secret volumes tmpfs'));
  await rmdir(base.root).catch(() => undefined);
}

/** The filesystem type and mount point holding `target`, from /proc/mounts (longest matching mount point). */
export async function filesystemOf(target: string): Promise<{ type: string; mountPoint: string } | undefined> {
  const mounts = await readFile('/proc/mounts', 'utf8').catch(() => '');
  const abs = path.resolve(target);
  let best: { type: string; mountPoint: string } | undefined;
  for (const line of mounts.split('\n')) {
    const [, rawPoint, type] = line.split(' ');
    if (!rawPoint || !type) continue;
    const mountPoint = rawPoint.replace(/\\040/g, ' ');
    const inside = abs === mountPoint || abs.startsWith(mountPoint.endsWith('/') ? mountPoint : `${mountPoint}/`);
    if (inside && (!best || mountPoint.length >= best.mountPoint.length)) best = { type, mountPoint };
  }
  return best;
}
