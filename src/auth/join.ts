/**
 * Issuing node credentials: a holder of a join token (system:bootstrappers) names its node
 * and receives a credential that authenticates as system:node:<name>, kept in
 * kube-system/tug-node-<name> (replaced when the node joins again, so a re-joined host's
 * old credential stops working).
 */
import type { UserInfo } from '../apiserver/types.js';
import { generateTokenSecret } from '../pki/index.js';
import type { Store } from '../store/store.js';
import { BOOTSTRAPPERS_GROUP, MASTERS_GROUP, formatNodeToken, nodeCredentialSecret, nodeCredentialSecretName, nodeUser } from './credentials.js';
import { putSecret } from './secret-writer.js';

export type JoinOutcome =
  | { ok: true; token: string; user: string }
  | { ok: false; code: 400 | 403; message: string };

const NODE_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Pure: may this user join as this node name? */
export function checkJoinRequest(user: UserInfo, body: unknown): { ok: true; nodeName: string } | Extract<JoinOutcome, { ok: false }> {
  if (!user.groups.includes(BOOTSTRAPPERS_GROUP) && !user.groups.includes(MASTERS_GROUP)) {
    return { ok: false, code: 403, message: `User "${user.user}" may not join nodes: a join token is needed` };
  }
  const nodeName = (body as { nodeName?: unknown } | null)?.nodeName;
  if (typeof nodeName !== 'string' || !NODE_NAME.test(nodeName) || nodeCredentialSecretName(nodeName).length > 253) {
    return { ok: false, code: 400, message: 'body must be {"nodeName": "<a lowercase DNS name>"}' };
  }
  return { ok: true, nodeName };
}

export interface JoinServiceOptions {
  store: Store;
  now?: () => Date;
}

export function createJoinService(options: JoinServiceOptions): { join(user: UserInfo, body: unknown): Promise<JoinOutcome> } {
  const now = options.now ?? (() => new Date());
  return {
    async join(user, body) {
      const checked = checkJoinRequest(user, body);
      if (!checked.ok) return checked;
      const token = formatNodeToken(checked.nodeName, generateTokenSecret());
      await putSecret(options.store, nodeCredentialSecret(checked.nodeName, token), { now: now(), replace: true });
      return { ok: true, token, user: nodeUser(checked.nodeName) };
    },
  };
}
