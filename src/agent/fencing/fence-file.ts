/**
 * What the fence must remember across an agent restart: when the Lease was last renewed and
 * which pods here are at-most-once. An agent restarted while cut off from the server (its
 * containers outlive it) has no pod list, so without this it could neither tell when to fence
 * nor which containers to kill. Written only while this node has at-most-once pods, so most
 * agents never write it; the renewal time is rewritten each beat while it is written.
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface FenceMemory {
  lastRenewedMs: number;
  atMostOnceUids: string[];
}

/** Pure: the file's content, or undefined when it is not a valid memory. */
export function parseFenceMemory(text: string): FenceMemory | undefined {
  try {
    const value = JSON.parse(text) as Partial<FenceMemory>;
    if (typeof value.lastRenewedMs !== 'number' || !Number.isFinite(value.lastRenewedMs)) return undefined;
    if (!Array.isArray(value.atMostOnceUids) || !value.atMostOnceUids.every((u) => typeof u === 'string')) return undefined;
    return { lastRenewedMs: value.lastRenewedMs, atMostOnceUids: value.atMostOnceUids };
  } catch {
    return undefined;
  }
}

export async function loadFenceMemory(path: string): Promise<FenceMemory | undefined> {
  try {
    return parseFenceMemory(await readFile(path, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Writes atomically (temp file + rename); `undefined` removes the file. */
export async function saveFenceMemory(path: string, memory: FenceMemory | undefined): Promise<void> {
  if (!memory) {
    await rm(path, { force: true });
    return;
  }
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.tmp`;
  await writeFile(tmp, JSON.stringify(memory));
  await rename(tmp, path);
}
