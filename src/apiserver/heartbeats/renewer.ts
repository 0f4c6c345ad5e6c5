/**
 * Renews node Leases for the heartbeat channel (src/api/heartbeat-channel.ts). Renewals that
 * arrive within one window are started together, so the store's group commit writes them in
 * one transaction (one fsync, one watch burst) instead of one each.
 */
import { resourceByKind } from '../../api/resources.js';
import type { KubeObject } from '../../api/types.js';
import { NODE_LEASE_NAMESPACE, renewedLease, type LeaseRenewal } from '../../api/node-lease.js';
import { conflict, notFound } from '../../api/errors.js';
import type { KeyValue } from '../../store/store.js';
import { decodeKv, encodeObject, withRevision } from '../registry/codec.js';
import type { RegistryDeps } from '../registry/context.js';
import { objectKey } from '../registry/keys.js';

const LEASES = resourceByKind('coordination.k8s.io/v1', 'Lease')!;
const LEASE_REF = { resource: 'leases', group: 'coordination.k8s.io' };

export interface LeaseRenewer {
  /** Renews kube-node-lease/<nodeName>; resolves to the renewed Lease, rejects with the ApiError (404 when there is none). */
  renew(nodeName: string, renewal: LeaseRenewal): Promise<KubeObject>;
}

export interface LeaseRenewerOptions {
  /** How long the first renewal of a window waits for others (server defaults: heartbeatBatchWindowMs). */
  windowMs: number;
}

interface Waiting {
  nodeName: string;
  renewal: LeaseRenewal;
  resolve: (lease: KubeObject) => void;
  reject: (error: unknown) => void;
}

export function createLeaseRenewer(deps: RegistryDeps, options: LeaseRenewerOptions): LeaseRenewer {
  let waiting: Waiting[] = [];
  let timer: NodeJS.Timeout | undefined;
  // The proxy revision each node's Lease carries as far as we know: a renewal that changes it
  // is an acknowledgement other agents wait on (src/agent/termination-gate), so it goes at once.
  const published = new Map<string, string | null>();

  // Each node's Lease as we last wrote it: the next renewal starts from it without a read
  // (a lost CAS, after someone else wrote the Lease, hands back the current value instead).
  const lastWritten = new Map<string, KeyValue>();

  const renewOne = async ({ nodeName, renewal, resolve, reject }: Waiting): Promise<void> => {
    try {
      const written = await renewInStore(deps, nodeName, renewal, lastWritten.get(nodeName));
      lastWritten.set(nodeName, written.kv);
      if (renewal.proxyRevision !== undefined) published.set(nodeName, renewal.proxyRevision);
      resolve(written.lease);
    } catch (error) {
      lastWritten.delete(nodeName);
      published.delete(nodeName);
      reject(error);
    }
  };

  /** Starts everything waiting for its window, now. */
  const flush = (): void => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const batch = waiting;
    waiting = [];
    for (const item of batch) void renewOne(item);
  };

  return {
    renew(nodeName, renewal) {
      return new Promise<KubeObject>((resolve, reject) => {
        waiting.push({ nodeName, renewal, resolve, reject });
        const urgent = renewal.proxyRevision !== undefined && published.get(nodeName) !== renewal.proxyRevision;
        if (urgent || options.windowMs <= 0) flush();
        else timer ??= setTimeout(flush, options.windowMs);
      });
    },
  };
}

/** Attempts before giving up with a Conflict; each lost race means another writer's renewal landed. */
const MAX_ATTEMPTS = 10;

/**
 * Read, renew, compare-and-swap, retried from the winner's value on a lost race. Leaner than
 * the registry's guaranteedUpdate (no admission, no metadata re-assertion, no no-op check):
 * a renewal changes only fields the channel has checked (parseRenewalFrame) and always
 * changes renewTime, and the CAS alone keeps concurrent PUTs of the same Lease safe.
 */
async function renewInStore(
  deps: RegistryDeps, nodeName: string, renewal: LeaseRenewal, lastWritten: KeyValue | undefined,
): Promise<{ lease: KubeObject; kv: KeyValue }> {
  const key = objectKey(LEASES, NODE_LEASE_NAMESPACE, nodeName);
  let known = lastWritten;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const kv = known ?? await deps.store.get(key);
    if (!kv) throw notFound(LEASE_REF, nodeName);
    const next = renewedLease(decodeKv(kv), nodeName, renewal);
    const written = await deps.store.update(key, encodeObject(next), kv.modRevision);
    if (written.ok) return { lease: withRevision(next, written.kv.modRevision), kv: written.kv };
    if (written.reason === 'not-found') throw notFound(LEASE_REF, nodeName);
    known = written.current;
  }
  throw conflict(LEASE_REF, nodeName);
}
