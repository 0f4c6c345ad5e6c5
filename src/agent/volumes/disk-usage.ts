/** du-style usage of a directory tree: allocated blocks of every entry, symlinks not followed. */
import { lstat, readdir, realpath } from 'node:fs/promises';
import path from 'node:path';

export async function diskUsageBytes(dir: string): Promise<number> {
  const root = await realpath(dir).catch(() => undefined);
  return root === undefined ? 0 : walk(root);
}

async function walk(entry: string): Promise<number> {
  const info = await lstat(entry).catch(() => undefined);
  if (!info) return 0;
  // st_blocks counts 512-byte units whatever the filesystem block size (that is what du adds up).
  let total = info.blocks * 512;
  if (info.isDirectory()) {
    for (const child of await readdir(entry).catch(() => [] as string[])) total += await walk(path.join(entry, child));
  }
  return total;
}
