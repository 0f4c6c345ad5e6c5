/**
 * The opaque `continue` token of paged lists: the last key returned and the revision the
 * first page was read at, so every page is a consistent snapshot (like etcd3's).
 */
import { badRequest } from '../../api/errors.js';

export interface ContinuePoint {
  key: string;
  revision: number;
}

export function encodeContinue(point: ContinuePoint): string {
  return Buffer.from(JSON.stringify({ v: 1, k: point.key, r: point.revision })).toString('base64url');
}

export function decodeContinue(token: string): ContinuePoint {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { v?: number; k?: unknown; r?: unknown };
    if (parsed.v === 1 && typeof parsed.k === 'string' && typeof parsed.r === 'number') return { key: parsed.k, revision: parsed.r };
  } catch {
    // fall through to the error below
  }
  throw badRequest('continue key is not valid: the token was not produced by this server');
}
