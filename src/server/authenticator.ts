/**
 * Bearer-token authentication from a fixed table of tokens (the admin token today; the
 * join and service-account tokens later). Structurally the apiserver's TokenAuthenticator.
 */
import { tokensEqual } from '../pki/index.js';

export interface AuthenticatedUser {
  user: string;
  groups: string[];
}

export interface StaticToken extends AuthenticatedUser {
  token: string;
}

export class StaticTokenAuthenticator {
  readonly #tokens: readonly StaticToken[];

  constructor(tokens: readonly StaticToken[]) {
    this.#tokens = tokens;
  }

  authenticate(token: string): AuthenticatedUser | undefined {
    // Compare against every entry (no early exit) so timing does not reveal which matched.
    let found: AuthenticatedUser | undefined;
    for (const entry of this.#tokens) {
      if (tokensEqual(entry.token, token) && !found) found = { user: entry.user, groups: [...entry.groups] };
    }
    return found;
  }
}

export function adminAuthenticator(adminToken: string): StaticTokenAuthenticator {
  return new StaticTokenAuthenticator([{ token: adminToken, user: 'admin', groups: ['system:masters', 'system:authenticated'] }]);
}
