/**
 * The join token written at first start to DATA_DIR/join-token (mode 0600, as k3s does),
 * so the first agent can join with `--token "$(cat DATA_DIR/join-token)"`. Kept across
 * restarts: an existing file is never replaced (revoke it with `tug token revoke`).
 */
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { caCertHash, formatToken, generateTokenId, generateTokenSecret } from '../pki/index.js';
import type { Store } from '../store/store.js';
import { tokenSecret } from './credentials.js';
import { putSecret } from './secret-writer.js';

export function joinTokenPath(dataDir: string): string {
  return join(dataDir, 'join-token');
}

export async function ensureJoinToken(options: { dataDir: string; store: Store; caPem: string; now?: Date }): Promise<{ token: string; created: boolean }> {
  const path = joinTokenPath(options.dataDir);
  try {
    const existing = (await readFile(path, 'utf8')).trim();
    if (existing.length > 0) return { token: existing, created: false };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const id = generateTokenId();
  const secret = generateTokenSecret();
  await putSecret(options.store, tokenSecret({ id, secret, usage: 'join', description: 'created at first start' }), { now: options.now ?? new Date(), replace: false });
  const token = formatToken({ caHash: caCertHash(options.caPem), id, secret });
  await writeFile(path, `${token}\n`, { mode: 0o600 });
  await chmod(path, 0o600);
  return { token, created: true };
}
