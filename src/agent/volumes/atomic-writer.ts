/**
 * Writes a content volume so a reader never sees a half-updated set of files, like
 * Kubernetes' AtomicWriter:
 *
 *   <dir>/..2026_11_26_10_40_01.123456789/   the payload (real files, with their modes)
 *   <dir>/..data -> ..2026_11_26_10_40_01.123456789
 *   <dir>/<key>  -> ..data/<key>              one link per top-level path element
 *
 * An update writes a new timestamped directory, points `..data_tmp` at it and renames that
 * over `..data` (rename(2) is atomic), then fixes the user-visible links and removes the
 * old directory. All links are relative, so they resolve inside a container that
 * bind-mounts <dir> anywhere. A payload equal to what is on disk writes nothing.
 */
import { randomInt } from 'node:crypto';
import { chmod, lstat, mkdir, readFile, readdir, readlink, rename, rm, stat, symlink, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { PayloadFile } from './payload.js';

export const DATA_LINK = '..data';
const DATA_LINK_TMP = '..data_tmp';

export interface AtomicWriteOptions {
  now?: () => number;
  /** Runs after the new payload is written and before the swap (tests observe the old content here). */
  beforeSwap?: () => Promise<void>;
}

/** `..2026_11_26_10_40_01.123456789`: the kubelet's name format, with a random suffix so two writes in one second never collide. */
export function payloadDirName(nowMs: number, suffix: number): string {
  const d = new Date(nowMs).toISOString();
  const stamp = `${d.slice(0, 4)}_${d.slice(5, 7)}_${d.slice(8, 10)}_${d.slice(11, 13)}_${d.slice(14, 16)}_${d.slice(17, 19)}`;
  return `..${stamp}.${String(suffix).padStart(9, '0')}`;
}

/** The first element of each payload path: those get a user-visible link to `..data/<element>`. */
export function topLevelNames(files: PayloadFile[]): string[] {
  return [...new Set(files.map((f) => f.path.split('/')[0]))].sort();
}

export async function writeAtomically(dir: string, files: PayloadFile[], options: AtomicWriteOptions = {}): Promise<{ changed: boolean }> {
  await mkdir(dir, { recursive: true, mode: 0o755 });
  const current = await readlink(path.join(dir, DATA_LINK)).catch(() => undefined);
  if (current && (await sameAsOnDisk(path.join(dir, current), files))) {
    await linkVisible(dir, files);
    return { changed: false };
  }
  const name = payloadDirName((options.now ?? Date.now)(), randomInt(1_000_000_000));
  const target = path.join(dir, name);
  await mkdir(target, { mode: 0o755 });
  for (const f of files) {
    const file = path.join(target, f.path);
    await mkdir(path.dirname(file), { recursive: true, mode: 0o755 });
    await writeFile(file, f.content, { mode: f.mode });
    await chmod(file, f.mode); // writeFile's mode is filtered by the umask
  }
  await options.beforeSwap?.();
  await rm(path.join(dir, DATA_LINK_TMP), { force: true });
  await symlink(name, path.join(dir, DATA_LINK_TMP));
  await rename(path.join(dir, DATA_LINK_TMP), path.join(dir, DATA_LINK));
  await linkVisible(dir, files);
  // Old payload dirs (the previous one, and leftovers of an interrupted write) go last.
  for (const entry of await readdir(dir)) {
    if (entry.startsWith('..') && entry !== name && entry !== DATA_LINK) await rm(path.join(dir, entry), { recursive: true, force: true });
  }
  return { changed: true };
}

/** Creates missing `<key> -> ..data/<key>` links and removes links for keys no longer in the payload. */
async function linkVisible(dir: string, files: PayloadFile[]): Promise<void> {
  const wanted = new Set(topLevelNames(files));
  for (const entry of await readdir(dir)) {
    if (entry.startsWith('..') || wanted.has(entry)) continue;
    const info = await lstat(path.join(dir, entry));
    if (info.isSymbolicLink() && (await readlink(path.join(dir, entry))).startsWith(`${DATA_LINK}/`)) await unlink(path.join(dir, entry));
  }
  for (const name of wanted) {
    const link = path.join(dir, name);
    const existing = await readlink(link).catch(() => undefined);
    if (existing === `${DATA_LINK}/${name}`) continue;
    await rm(link, { recursive: true, force: true });
    await symlink(`${DATA_LINK}/${name}`, link);
  }
}

/** True when `payloadDir` holds exactly these files with this content and mode. */
async function sameAsOnDisk(payloadDir: string, files: PayloadFile[]): Promise<boolean> {
  const onDisk = await listFiles(payloadDir).catch(() => undefined);
  if (!onDisk || onDisk.length !== files.length) return false;
  const want = new Set(files.map((f) => f.path));
  if (onDisk.some((p) => !want.has(p))) return false;
  for (const f of files) {
    const file = path.join(payloadDir, f.path);
    const info = await stat(file).catch(() => undefined);
    if (!info || (info.mode & 0o7777) !== f.mode) return false;
    if (!(await readFile(file)).equals(f.content)) return false;
  }
  return true;
}

async function listFiles(root: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(path.join(root, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await listFiles(root, rel)));
    else out.push(rel);
  }
  return out;
}
