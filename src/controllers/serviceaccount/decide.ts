/**
 * The ServiceAccount controller's decision for one namespace: an active namespace has a
 * `default` ServiceAccount, and every ServiceAccount has a token Secret `<sa>-token` of type
 * kubernetes.io/service-account-token that it owns (so the garbage collector removes the
 * Secret with it). Pure: the token comes from an injected source.
 */
import type { KubeObject } from '../../api/types.js';

export const DEFAULT_SERVICE_ACCOUNT = 'default';
export const SERVICE_ACCOUNT_TOKEN_TYPE = 'kubernetes.io/service-account-token';
export const SERVICE_ACCOUNT_NAME_ANNOTATION = 'kubernetes.io/service-account.name';
export const SERVICE_ACCOUNT_UID_ANNOTATION = 'kubernetes.io/service-account.uid';

export interface NamespaceSnapshot {
  namespace: KubeObject;
  serviceAccounts: readonly KubeObject[];
  secrets: readonly KubeObject[];
}

export interface TokenInputs {
  /** The cluster CA bundle (PEM) every token Secret carries as ca.crt. */
  caPem: string;
  /** A fresh random bearer token (≥ 40 characters). */
  newToken: () => string;
}

export interface ServiceAccountDecision {
  createServiceAccounts: KubeObject[];
  createSecrets: KubeObject[];
}

export const tokenSecretName = (serviceAccount: string): string => `${serviceAccount}-token`;

const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');
const active = (o: KubeObject): boolean => !o.metadata.deletionTimestamp;

export function defaultServiceAccount(namespace: string): KubeObject {
  return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: DEFAULT_SERVICE_ACCOUNT, namespace } };
}

export function tokenSecret(serviceAccount: KubeObject, inputs: TokenInputs): KubeObject {
  const { name = '', namespace = '', uid = '' } = serviceAccount.metadata;
  return {
    apiVersion: 'v1', kind: 'Secret', type: SERVICE_ACCOUNT_TOKEN_TYPE,
    metadata: {
      name: tokenSecretName(name), namespace,
      annotations: { [SERVICE_ACCOUNT_NAME_ANNOTATION]: name, [SERVICE_ACCOUNT_UID_ANNOTATION]: uid },
      ownerReferences: [{ apiVersion: 'v1', kind: 'ServiceAccount', name, uid }],
    },
    data: { token: b64(inputs.newToken()), 'ca.crt': b64(inputs.caPem), namespace: b64(namespace) },
  };
}

/**
 * A Secret with the token name already there is left alone whoever made it: a token of a
 * deleted ServiceAccount goes with its owner (GC), after which the next pass makes a new one.
 */
export function decideServiceAccounts(snapshot: NamespaceSnapshot, inputs: TokenInputs): ServiceAccountDecision {
  const none: ServiceAccountDecision = { createServiceAccounts: [], createSecrets: [] };
  const { namespace } = snapshot;
  const name = namespace.metadata.name ?? '';
  if (!active(namespace) || namespace.status?.phase === 'Terminating') return none;
  const accounts = snapshot.serviceAccounts.filter(active);
  const createServiceAccounts = snapshot.serviceAccounts.some((sa) => sa.metadata.name === DEFAULT_SERVICE_ACCOUNT)
    ? [] : [defaultServiceAccount(name)];
  const secretNames = new Set(snapshot.secrets.map((s) => s.metadata.name));
  const createSecrets = accounts
    .filter((sa) => sa.metadata.uid && !secretNames.has(tokenSecretName(sa.metadata.name ?? '')))
    .map((sa) => tokenSecret(sa, inputs));
  return { createServiceAccounts, createSecrets };
}
