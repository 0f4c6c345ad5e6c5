/**
 * Bearer tokens kept in the data directory. The admin token is 32 random bytes,
 * base64url (43 characters), in DATA_DIR/tokens/admin, mode 0600. Generated once, read
 * on every later start so kubeconfigs written earlier keep working.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const TOKEN_BYTES = 32;

export function generateToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

export function adminTokenPath(dataDir: string): string {
  return join(dataDir, 'tokens', 'admin');
}

/** Reads DATA_DIR/tokens/admin, creating it (0600) at first start. */
export async function ensureAdminToken(dataDir: string): Promise<{ token: string; created: boolean }> {
  const path = adminTokenPath(dataDir);
  await mkdir(join(dataDir, 'tokens'), { recursive: true, mode: 0o700 });
  let exists = false;
  try {
    const token = (await readFile(path, 'utf8')).trim();
    if (token.length > 0) return { token, created: false };
    exists = true; // empty (e.g. a crash between create and write): replace it
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const token = generateToken();
  // 'wx' fails if another process created the file in between, rather than overwrite it.
  await writeFile(path, `${token}\n`, { mode: 0o600, flag: exists ? 'w' : 'wx' });
  await chmod(path, 0o600);
  return { token, created: true };
}

/** Constant-time comparison, so response timing does not leak how much of a token matched. */
export function tokensEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
