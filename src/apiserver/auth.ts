/** Bearer-token authentication. */
import type { TokenAuthenticator, UserInfo } from './types.js';

/** Paths anyone may read (as Kubernetes' system:public-info-viewer allows). */
/** /cacerts: a joining agent fetches the CA before it can verify anything (it pins it by hash). */
const ANONYMOUS_PATHS = new Set(['/version', '/healthz', '/readyz', '/livez', '/cacerts']);

export function isAnonymousPath(path: string): boolean {
  return ANONYMOUS_PATHS.has(path);
}

/** A fixed token → user table; `allowAnonymous` admits token-less requests as system:anonymous. */
export function staticTokenAuthenticator(
  tokens: Record<string, UserInfo>,
  options: { allowAnonymous?: boolean } = {},
): TokenAuthenticator {
  const table = new Map(Object.entries(tokens));
  return {
    authenticate: (token) => table.get(token),
    anonymous: () => (options.allowAnonymous ? { user: 'system:anonymous', groups: ['system:unauthenticated'] } : undefined),
  };
}

/** The user of a request's Authorization header, or undefined (→ 401). */
export async function authenticateHeader(tokens: TokenAuthenticator, authorization: string | undefined): Promise<UserInfo | undefined> {
  if (!authorization) return tokens.anonymous?.();
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (!match) return undefined;
  return tokens.authenticate(match[1]);
}
