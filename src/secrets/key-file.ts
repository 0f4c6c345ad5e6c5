/**
 * DATA_DIR/secrets/encryption-keys.json: the list of Secret encryption keys, newest first.
 * The first key encrypts every write; all keys are tried for reads (by the id in the
 * envelope). Written atomically (temp file + rename) with mode 0600 in a 0700 directory.
 *
 *   { "keys": [ { "id": "k2", "secret": "<base64 of 32 bytes>", "created": "2026-…Z" }, … ] }
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { EncryptionKey } from './envelope.js';

export const KEY_FILE_NAME = 'encryption-keys.json';

export function keyFilePath(dataDir: string): string {
  return join(dataDir, 'secrets', KEY_FILE_NAME);
}

interface KeyFileEntry {
  id: string;
  secret: string;
  created?: string;
}

export type KeyFileResult = { ok: true; keys: EncryptionKey[] } | { ok: false; message: string };

/** Validate the file's text: at least one key, unique ids, 32-byte secrets. */
export function parseKeyFile(text: string, path: string): KeyFileResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return { ok: false, message: `${path} is not valid JSON: ${(err as Error).message}` };
  }
  const entries = (raw as { keys?: unknown })?.keys;
  if (!Array.isArray(entries) || entries.length === 0) return { ok: false, message: `${path} has no "keys" list` };
  const keys: EncryptionKey[] = [];
  const seen = new Set<string>();
  for (const [i, entry] of entries.entries()) {
    const e = entry as Partial<KeyFileEntry>;
    if (typeof e?.id !== 'string' || !/^[A-Za-z0-9._-]+$/.test(e.id)) return { ok: false, message: `${path}: keys[${i}].id must be a non-empty string of [A-Za-z0-9._-]` };
    if (seen.has(e.id)) return { ok: false, message: `${path}: key id "${e.id}" appears twice` };
    const secret = typeof e.secret === 'string' ? Buffer.from(e.secret, 'base64') : Buffer.alloc(0);
    if (secret.length !== 32) return { ok: false, message: `${path}: keys[${i}].secret must be 32 bytes, base64-encoded` };
    seen.add(e.id);
    keys.push({ id: e.id, secret });
  }
  return { ok: true, keys };
}

export function readKeyFile(path: string): KeyFileResult {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    return { ok: false, message: `cannot read the Secret encryption key file ${path}: ${(err as Error).message}` };
  }
  return parseKeyFile(text, path);
}

export function newKey(now: Date): EncryptionKey {
  const stamp = now.toISOString().replace(/[-:]/g, '').slice(0, 15);
  return { id: `k${stamp}-${randomBytes(3).toString('hex')}`, secret: randomBytes(32) };
}

function serialize(keys: readonly EncryptionKey[], created: ReadonlyMap<string, string>): string {
  const entries = keys.map((k) => ({ id: k.id, secret: k.secret.toString('base64'), created: created.get(k.id) }));
  return `${JSON.stringify({ keys: entries }, null, 2)}\n`;
}

function createdDates(path: string): Map<string, string> {
  try {
    const raw = JSON.parse(readFileSync(path, 'utf8')) as { keys?: KeyFileEntry[] };
    return new Map((raw.keys ?? []).filter((k) => k.created).map((k) => [k.id, k.created!]));
  } catch {
    return new Map();
  }
}

/** Atomic replace; readers (the server's watcher) never see a half-written file. */
export function writeKeyFile(path: string, keys: readonly EncryptionKey[], now: Date, newIds: readonly string[] = []): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  chmodSync(dirname(path), 0o700);
  const created = createdDates(path);
  for (const id of newIds) created.set(id, now.toISOString());
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, serialize(keys, created), { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
}

/** First start: generate the key file; later starts read it. A broken file is an error, never replaced. */
export function ensureKeyFile(path: string, now: Date): KeyFileResult & { created?: boolean } {
  if (!existsSync(path)) {
    const key = newKey(now);
    writeKeyFile(path, [key], now, [key.id]);
    return { ok: true, keys: [key], created: true };
  }
  return readKeyFile(path);
}

/** Put a fresh key first (it encrypts from now on); the old ones stay for reading. */
export function addPrimaryKey(path: string, now: Date): { ok: true; key: EncryptionKey; keys: EncryptionKey[] } | { ok: false; message: string } {
  const current = readKeyFile(path);
  if (!current.ok) return current;
  const key = newKey(now);
  const keys = [key, ...current.keys];
  writeKeyFile(path, keys, now, [key.id]);
  return { ok: true, key, keys };
}

/** Keep only the primary key; the caller checks first that nothing still uses the others. */
export function dropOldKeys(path: string, now: Date): KeyFileResult {
  const current = readKeyFile(path);
  if (!current.ok) return current;
  const keys = current.keys.slice(0, 1);
  writeKeyFile(path, keys, now);
  return { ok: true, keys };
}
