/**
 * Bearer tokens kept in the store: join and API tokens, node credentials and ServiceAccount
 * tokens, resolved from an in-memory index that a list + watch of Secrets keeps current (a
 * deleted token stops working as soon as its delete event arrives; an expired one at once).
 *
 * On an index miss for a token that names its Secret (join/api tokens by id, node
 * credentials by node name) the Secret is read directly: a credential written a moment ago
 * (the join response, `tug token create`) works before its watch event arrives.
 * Secrets are compared in constant time; the index is keyed by id or by a SHA-256 digest.
 */
import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { KubeObject } from '../api/types.js';
import type { TokenAuthenticator, UserInfo } from '../apiserver/types.js';
import { parseToken, tokensEqual } from '../pki/index.js';
import { SECRETS_PREFIX } from '../secrets/index.js';
import type { KeyValue, Store, StoreEvent } from '../store/store.js';
import {
  credentialOf, isExpired, nodeCredentialSecretName, parseNodeToken, tokenSecretName, userOf, TOKEN_NAMESPACE,
  type Credential, type TokenRecord,
} from './credentials.js';
import { mirrorStorePrefix } from './store-mirror.js';

export interface StoreAuthenticatorOptions {
  store: Store;
  /** Tokens outside the store (the admin token), asked first. */
  staticTokens?: { authenticate(token: string): UserInfo | undefined };
  now?: () => Date;
  logger?: Logger;
}

export interface StoreAuthenticator extends TokenAuthenticator {
  /** Resolves once the first list of Secrets is indexed. */
  ready: Promise<void>;
  close(): void;
}

type HashedCredential = Exclude<Credential, { kind: 'token' }>;

const digest = (token: string) => createHash('sha256').update(token).digest('hex');

export function secretStoreKey(namespace: string, name: string): string {
  return `${SECRETS_PREFIX}${namespace}/${name}`;
}

/** The credential index alone (pure data structure; the mirror feeds it). */
export class CredentialIndex {
  readonly #tokensById = new Map<string, TokenRecord>();
  readonly #byDigest = new Map<string, HashedCredential>();
  /** Store key → how to remove what it added. */
  readonly #byKey = new Map<string, { id?: string; digest?: string }>();

  clear(): void {
    this.#tokensById.clear();
    this.#byDigest.clear();
    this.#byKey.clear();
  }

  remove(key: string): void {
    const entry = this.#byKey.get(key);
    if (!entry) return;
    if (entry.id !== undefined) this.#tokensById.delete(entry.id);
    if (entry.digest !== undefined) this.#byDigest.delete(entry.digest);
    this.#byKey.delete(key);
  }

  put(key: string, secret: KubeObject): void {
    this.remove(key);
    const credential = credentialOf(secret);
    if (!credential) return;
    if (credential.kind === 'token') {
      this.#tokensById.set(credential.token.id, credential.token);
      this.#byKey.set(key, { id: credential.token.id });
    } else {
      const d = digest(credential.token);
      this.#byDigest.set(d, credential);
      this.#byKey.set(key, { digest: d });
    }
  }

  token(id: string): TokenRecord | undefined {
    return this.#tokensById.get(id);
  }

  hashed(token: string): HashedCredential | undefined {
    return this.#byDigest.get(digest(token));
  }

  get size(): number {
    return this.#byKey.size;
  }
}

function decodeSecret(value: string): KubeObject | undefined {
  try {
    return JSON.parse(value) as KubeObject;
  } catch {
    return undefined;
  }
}

export function createStoreAuthenticator(options: StoreAuthenticatorOptions): StoreAuthenticator {
  const now = options.now ?? (() => new Date());
  const index = new CredentialIndex();
  const load = (kv: KeyValue) => {
    const secret = decodeSecret(kv.value);
    if (secret) index.put(kv.key, secret);
  };
  const mirror = mirrorStorePrefix({
    store: options.store, prefix: SECRETS_PREFIX, logger: options.logger,
    reset: (items) => { index.clear(); items.forEach(load); },
    apply: (event: StoreEvent) => {
      if (event.type === 'delete') index.remove(event.key);
      else load({ key: event.key, value: event.value, modRevision: event.revision, createRevision: event.createRevision });
    },
  });

  /** A Secret straight from the store (the index missed). */
  async function readCredential(name: string): Promise<Credential | undefined> {
    const kv = await options.store.get(secretStoreKey(TOKEN_NAMESPACE, name));
    const secret = kv && decodeSecret(kv.value);
    return secret ? credentialOf(secret) : undefined;
  }

  async function byTokenId(id: string, secret: string): Promise<UserInfo | undefined> {
    let record = index.token(id);
    if (!record) {
      const read = await readCredential(tokenSecretName(id));
      record = read?.kind === 'token' ? read.token : undefined;
    }
    if (!record || !tokensEqual(record.secret, secret) || isExpired(record, now())) return undefined;
    return userOf({ kind: 'token', token: record });
  }

  async function byNodeToken(token: string, nodeName: string): Promise<UserInfo | undefined> {
    let credential: Credential | undefined = index.hashed(token);
    if (!credential) credential = await readCredential(nodeCredentialSecretName(nodeName));
    if (credential?.kind !== 'node' || credential.nodeName !== nodeName || !tokensEqual(credential.token, token)) return undefined;
    return userOf(credential);
  }

  async function authenticate(token: string): Promise<UserInfo | undefined> {
    const fixed = options.staticTokens?.authenticate(token);
    if (fixed) return fixed;
    const parsed = parseToken(token);
    const byId = parsed && await byTokenId(parsed.id, parsed.secret);
    if (byId) return byId;
    const node = parseNodeToken(token);
    if (node) return byNodeToken(token, node.nodeName);
    // ServiceAccount tokens are opaque (they may even look like <id>.<secret>): by digest.
    const credential = index.hashed(token);
    return credential && tokensEqual(credential.token, token) ? userOf(credential) : undefined;
  }

  return { authenticate, ready: mirror.ready, close: () => mirror.close() };
}
