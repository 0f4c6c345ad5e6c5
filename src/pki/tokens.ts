/**
 * Bearer tokens kept in the data directory. The admin token is 32 random bytes,
 * base64url (43 characters), in DATA_DIR/tokens/admin, mode 0600. Generated once, read
 * on every later start so kubeconfigs written earlier keep working.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
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

/**
 * Join and API tokens, k3s style: `K10<sha256 hex of the CA PEM>::<id>.<secret>`. The id
 * names the token (its Secret is kube-system/tug-token-<id>), the secret proves it, and
 * the CA hash lets a joining agent pin the server's CA before it trusts anything else.
 */
export const TOKEN_PREFIX = 'K10';
/** Six lowercase alphanumerics, like a Kubernetes bootstrap token id. */
export const TOKEN_ID_PATTERN = /^[a-z0-9]{6}$/;
/** ≥ 32 base62 characters. */
export const TOKEN_SECRET_PATTERN = /^[A-Za-z0-9]{32,}$/;
const TOKEN_SECRET_LENGTH = 40;
const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

export interface ParsedToken {
  /** sha256 hex of the CA PEM when the token carried the K10 prefix. */
  caHash?: string;
  id: string;
  secret: string;
}

/** Uniform random characters from `alphabet` (rejection sampling: no modulo bias). */
function randomChars(alphabet: string, length: number): string {
  const limit = 256 - (256 % alphabet.length);
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < limit && out.length < length) out += alphabet[byte % alphabet.length];
    }
  }
  return out;
}

export function generateTokenId(): string {
  return randomChars(ID_ALPHABET, 6);
}

export function generateTokenSecret(): string {
  return randomChars(BASE62, TOKEN_SECRET_LENGTH);
}

/** What the token's `K10<hash>` pins: sha256 of the CA certificate PEM bytes, lowercase hex. */
export function caCertHash(caPem: string): string {
  return createHash('sha256').update(caPem).digest('hex');
}

export function formatToken(parts: { caHash?: string; id: string; secret: string }): string {
  const short = `${parts.id}.${parts.secret}`;
  return parts.caHash ? `${TOKEN_PREFIX}${parts.caHash}::${short}` : short;
}

/**
 * `K10<hash>::<id>.<secret>` or `<id>.<secret>`; undefined for anything else (an admin
 * token, a node credential, a ServiceAccount token).
 */
export function parseToken(text: string): ParsedToken | undefined {
  let rest = text.trim();
  let caHash: string | undefined;
  if (rest.startsWith(TOKEN_PREFIX) && rest.includes('::')) {
    const sep = rest.indexOf('::');
    caHash = rest.slice(TOKEN_PREFIX.length, sep).toLowerCase();
    if (!/^[0-9a-f]{64}$/.test(caHash)) return undefined;
    rest = rest.slice(sep + 2);
  }
  const dot = rest.indexOf('.');
  if (dot < 0) return undefined;
  const id = rest.slice(0, dot);
  const secret = rest.slice(dot + 1);
  if (!TOKEN_ID_PATTERN.test(id) || !TOKEN_SECRET_PATTERN.test(secret)) return undefined;
  return caHash ? { caHash, id, secret } : { id, secret };
}
