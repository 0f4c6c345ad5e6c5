/**
 * RBAC authorizer (Kubernetes rbac.authorization.k8s.io/v1 semantics): roles and bindings
 * from the store, kept current by list+watch, decided by the pure rules in evaluate.ts.
 * The server assembly unions it with the other authorizers.
 */
import type { Logger } from 'pino';
import type { PolicyRule } from '../../api/schema/rbac.js';
import type { AuthorizationDecision, Authorizer, RequestAttributes, UserInfo } from '../../apiserver/types.js';
import type { Store } from '../../store/store.js';
import { PolicyIndex } from './policy-index.js';
import { syncPolicyIndex } from './store-sync.js';

export {
  ruleAllows, rulesAllow, subjectMatches, serviceAccountUser, effectiveGroups, AUTHENTICATED_GROUP, SERVICE_ACCOUNT_PREFIX,
} from './evaluate.js';
export { PolicyIndex } from './policy-index.js';
export { RBAC_PREFIX } from './store-sync.js';

export interface RbacAuthorizerOptions {
  store: Store;
  logger?: Logger;
}

export interface RbacAuthorizer extends Authorizer {
  /** Resolves once the first list of roles and bindings is loaded. */
  ready: Promise<void>;
  /** The rules a user holds in a namespace, and errors from bindings to missing roles (SelfSubjectRulesReview). */
  rulesFor(user: UserInfo, namespace: string): Promise<{ rules: PolicyRule[]; errors: string[] }>;
  close(): void;
}

export function createRbacAuthorizer(options: RbacAuthorizerOptions): RbacAuthorizer {
  const index = new PolicyIndex();
  const sync = syncPolicyIndex(options.store, index, options.logger);
  let synced = false;
  void sync.ready.then(() => { synced = true; });
  return {
    ready: sync.ready,
    // Before the first list, wait for it rather than deny everyone at start-up.
    authorize(attributes: RequestAttributes): AuthorizationDecision | Promise<AuthorizationDecision> {
      if (synced) return index.authorize(attributes);
      return sync.ready.then(() => index.authorize(attributes));
    },
    async rulesFor(user, namespace) {
      await sync.ready;
      return index.rulesFor(user, namespace);
    },
    close: () => sync.close(),
  };
}
