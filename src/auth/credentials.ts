/**
 * Credentials kept as Secrets, and what each one authenticates as. Pure: Secret objects
 * in, credentials and users out (the store mirror and the writers do the I/O).
 *
 *   kube-system/tug-token-<id>   type tugboat.io/token            join or api token
 *   kube-system/tug-node-<name>  type tugboat.io/node-credential  an agent's own credential
 *   <ns>/<any>                   type kubernetes.io/service-account-token
 */
import type { KubeObject } from '../api/types.js';
import type { UserInfo } from '../apiserver/types.js';

export const TOKEN_NAMESPACE = 'kube-system';
export const TOKEN_SECRET_TYPE = 'tugboat.io/token';
export const NODE_CREDENTIAL_TYPE = 'tugboat.io/node-credential';
export const SERVICE_ACCOUNT_TOKEN_TYPE = 'kubernetes.io/service-account-token';
export const TOKEN_LABEL = 'tugboat.io/token';
/** On token Secrets and on the RoleBindings a `--role` token created: revoke deletes them all. */
export const TOKEN_ID_LABEL = 'tugboat.io/token-id';
export const SERVICE_ACCOUNT_NAME_ANNOTATION = 'kubernetes.io/service-account.name';
/** Node credential tokens: `tugnode.<node name>.<secret>` (the name finds its Secret). */
export const NODE_TOKEN_PREFIX = 'tugnode.';

export const TOKEN_USAGES = ['join', 'api'] as const;
export type TokenUsage = (typeof TOKEN_USAGES)[number];
export const TOKEN_ROLES = ['view', 'edit', 'admin', 'cluster-admin'] as const;
export type TokenRole = (typeof TOKEN_ROLES)[number];

export const BOOTSTRAPPERS_GROUP = 'system:bootstrappers';
export const NODES_GROUP = 'system:nodes';
export const MASTERS_GROUP = 'system:masters';
export const AUTHENTICATED_GROUP = 'system:authenticated';
export const NODE_USER_PREFIX = 'system:node:';

export interface TokenRecord {
  id: string;
  secret: string;
  usage: TokenUsage;
  role?: TokenRole;
  namespace?: string;
  description?: string;
  /** RFC 3339; absent = never expires. */
  expiration?: string;
}

export type Credential =
  | { kind: 'token'; token: TokenRecord }
  | { kind: 'node'; nodeName: string; token: string }
  | { kind: 'service-account'; namespace: string; serviceAccount: string; token: string };

export function tokenSecretName(id: string): string {
  return `tug-token-${id}`;
}

export function nodeCredentialSecretName(nodeName: string): string {
  return `tug-node-${nodeName}`;
}

export function nodeUser(nodeName: string): string {
  return `${NODE_USER_PREFIX}${nodeName}`;
}

/** The node a `system:node:<name>` user is, if it is one (and in system:nodes). */
export function nodeNameOf(user: UserInfo): string | undefined {
  if (!user.user.startsWith(NODE_USER_PREFIX) || !user.groups.includes(NODES_GROUP)) return undefined;
  const name = user.user.slice(NODE_USER_PREFIX.length);
  return name === '' ? undefined : name;
}

/** `tugnode.<name>.<secret>` → its parts; the secret never contains a dot, names may. */
export function parseNodeToken(token: string): { nodeName: string; secret: string } | undefined {
  if (!token.startsWith(NODE_TOKEN_PREFIX)) return undefined;
  const rest = token.slice(NODE_TOKEN_PREFIX.length);
  const dot = rest.lastIndexOf('.');
  if (dot <= 0 || dot === rest.length - 1) return undefined;
  return { nodeName: rest.slice(0, dot), secret: rest.slice(dot + 1) };
}

export function formatNodeToken(nodeName: string, secret: string): string {
  return `${NODE_TOKEN_PREFIX}${nodeName}.${secret}`;
}

export function userOf(credential: Credential): UserInfo {
  switch (credential.kind) {
    case 'token':
      return credential.token.usage === 'join'
        ? { user: `system:bootstrap:${credential.token.id}`, groups: [BOOTSTRAPPERS_GROUP, AUTHENTICATED_GROUP] }
        : { user: `tug:token:${credential.token.id}`, groups: [AUTHENTICATED_GROUP] };
    case 'node':
      return { user: nodeUser(credential.nodeName), groups: [NODES_GROUP, AUTHENTICATED_GROUP] };
    case 'service-account':
      return {
        user: `system:serviceaccount:${credential.namespace}:${credential.serviceAccount}`,
        groups: ['system:serviceaccounts', `system:serviceaccounts:${credential.namespace}`, AUTHENTICATED_GROUP],
      };
  }
}

/** True once `expiration` (RFC 3339) has passed; an unparsable expiration counts as expired. */
export function isExpired(token: TokenRecord, now: Date): boolean {
  if (token.expiration === undefined) return false;
  const at = Date.parse(token.expiration);
  return Number.isNaN(at) || at <= now.getTime();
}

function dataField(secret: KubeObject, field: string): string | undefined {
  const data = secret.data as Record<string, unknown> | undefined;
  const value = data?.[field];
  if (typeof value === 'string') return Buffer.from(value, 'base64').toString('utf8');
  // stringData is folded into data on write; read it too in case a writer kept it.
  const plain = (secret.stringData as Record<string, unknown> | undefined)?.[field];
  return typeof plain === 'string' ? plain : undefined;
}

function tokenRecordOf(secret: KubeObject): TokenRecord | undefined {
  const id = dataField(secret, 'id');
  const value = dataField(secret, 'secret');
  const usage = dataField(secret, 'usage');
  if (!id || !value || !(TOKEN_USAGES as readonly string[]).includes(usage ?? '')) return undefined;
  if (secret.metadata.name !== tokenSecretName(id) || secret.metadata.namespace !== TOKEN_NAMESPACE) return undefined;
  const role = dataField(secret, 'role');
  const record: TokenRecord = { id, secret: value, usage: usage as TokenUsage };
  if (role && (TOKEN_ROLES as readonly string[]).includes(role)) record.role = role as TokenRole;
  for (const field of ['namespace', 'description', 'expiration'] as const) {
    const text = dataField(secret, field);
    if (text) record[field] = text;
  }
  return record;
}

/** The credential a Secret holds, or undefined when it holds none (any other Secret). */
export function credentialOf(secret: KubeObject): Credential | undefined {
  if (secret.metadata.deletionTimestamp) return undefined;
  switch (secret.type) {
    case TOKEN_SECRET_TYPE: {
      const token = tokenRecordOf(secret);
      return token && { kind: 'token', token };
    }
    case NODE_CREDENTIAL_TYPE: {
      const nodeName = dataField(secret, 'node');
      const token = dataField(secret, 'token');
      if (!nodeName || !token || secret.metadata.namespace !== TOKEN_NAMESPACE || secret.metadata.name !== nodeCredentialSecretName(nodeName)) return undefined;
      return { kind: 'node', nodeName, token };
    }
    case SERVICE_ACCOUNT_TOKEN_TYPE: {
      const serviceAccount = secret.metadata.annotations?.[SERVICE_ACCOUNT_NAME_ANNOTATION];
      const token = dataField(secret, 'token');
      if (!serviceAccount || !token || !secret.metadata.namespace) return undefined;
      return { kind: 'service-account', namespace: secret.metadata.namespace, serviceAccount, token };
    }
    default:
      return undefined;
  }
}

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/** A token Secret ready to create (the writer adds uid/creationTimestamp, or the API does). */
export function tokenSecret(token: TokenRecord): KubeObject {
  const data: Record<string, string> = { id: b64(token.id), secret: b64(token.secret), usage: b64(token.usage) };
  for (const field of ['role', 'namespace', 'description', 'expiration'] as const) {
    const value = token[field];
    if (value !== undefined) data[field] = b64(value);
  }
  return {
    apiVersion: 'v1', kind: 'Secret',
    metadata: { name: tokenSecretName(token.id), namespace: TOKEN_NAMESPACE, labels: { [TOKEN_LABEL]: 'true', [TOKEN_ID_LABEL]: token.id } },
    type: TOKEN_SECRET_TYPE,
    data,
  };
}

export function nodeCredentialSecret(nodeName: string, token: string): KubeObject {
  return {
    apiVersion: 'v1', kind: 'Secret',
    metadata: { name: nodeCredentialSecretName(nodeName), namespace: TOKEN_NAMESPACE, labels: { 'tugboat.io/node-credential': 'true' } },
    type: NODE_CREDENTIAL_TYPE,
    data: { node: b64(nodeName), token: b64(token) },
  };
}

/** Token records from a list of Secrets (for `tug token list`), sorted by id. */
export function tokenRecordsOf(secrets: readonly KubeObject[]): TokenRecord[] {
  return secrets.map(credentialOf)
    .flatMap((c) => (c?.kind === 'token' ? [c.token] : []))
    .sort((a, b) => a.id.localeCompare(b.id));
}
