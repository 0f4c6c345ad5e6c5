/** Composing authorizers: system:masters first, then the node authorizer, then RBAC. */
import type { AuthorizationDecision, Authorizer, RequestAttributes } from '../apiserver/types.js';
import { MASTERS_GROUP } from './credentials.js';

/** Members of system:masters may do everything (Kubernetes' privileged group). */
export const mastersAuthorizer: Authorizer = {
  authorize: (a) => (a.user.groups.includes(MASTERS_GROUP) ? { allowed: true } : { allowed: false, reason: '' }),
};

/**
 * Asks each authorizer in turn: the first `allowed` wins; when all deny, the last one's
 * reason is given (RBAC's, last in the chain, is the one users can act on).
 */
export function unionAuthorizer(authorizers: readonly Authorizer[]): Authorizer {
  // Rules for `kubectl auth can-i --list` come from the authorizers that can enumerate them (RBAC).
  const listing = authorizers.filter((a) => a.rulesFor !== undefined);
  return {
    ...(listing.length === 1 ? { rulesFor: listing[0].rulesFor!.bind(listing[0]) } : {}),
    async authorize(attributes: RequestAttributes): Promise<AuthorizationDecision> {
      let last: AuthorizationDecision = { allowed: false, reason: 'no authorizer configured' };
      for (const authorizer of authorizers) {
        last = await authorizer.authorize(attributes);
        if (last.allowed) return last;
      }
      return last;
    },
  };
}
