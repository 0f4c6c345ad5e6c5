/**
 * Writing credential Secrets straight to the (encrypting) store from inside the server:
 * the first join token and node credentials. The server stamps uid and creationTimestamp
 * itself, as the registry would; the store encrypts the value.
 */
import { randomUUID } from 'node:crypto';
import type { KubeObject } from '../api/types.js';
import type { Store } from '../store/store.js';
import { secretStoreKey } from './authenticator.js';

export type PutSecretResult = { ok: true } | { ok: false; reason: 'exists' };

/** RFC 3339 with seconds precision, as Kubernetes serialises metav1.Time. */
function timestamp(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

export async function putSecret(store: Store, secret: KubeObject, options: { now: Date; replace: boolean }): Promise<PutSecretResult> {
  const key = secretStoreKey(secret.metadata.namespace!, secret.metadata.name!);
  const stamped: KubeObject = {
    ...secret,
    metadata: { ...secret.metadata, uid: randomUUID(), creationTimestamp: timestamp(options.now) },
  };
  const value = JSON.stringify(stamped);
  const created = await store.create(key, value);
  if (created.ok) return { ok: true };
  if (!options.replace) return { ok: false, reason: 'exists' };
  // Replacing: a concurrent delete in between just means we create it again.
  const updated = await store.update(key, value);
  if (updated.ok) return { ok: true };
  const again = await store.create(key, value);
  return again.ok ? { ok: true } : { ok: false, reason: 'exists' };
}
