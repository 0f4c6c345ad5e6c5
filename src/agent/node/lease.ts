/** The node heartbeat Lease: coordination.k8s.io/v1 Lease kube-node-lease/<node>. */
import type { KubeObject } from '../../api/types.js';

export const NODE_LEASE_NAMESPACE = 'kube-node-lease';

/** MicroTime: RFC 3339 with exactly six fractional digits, e.g. 2026-01-01T00:00:00.000000Z. */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

export interface LeaseOptions {
  nodeName: string;
  leaseDurationSeconds: number;
  now: number;
  /** The Node's uid: the Lease is owned by the Node, so it goes when the Node goes. */
  nodeUid?: string;
  /** An existing Lease to renew (keeps resourceVersion for the optimistic update). */
  existing?: KubeObject;
}

export function buildLease(opts: LeaseOptions): KubeObject {
  const base = opts.existing;
  return {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: {
      ...(base?.metadata ?? {}),
      name: opts.nodeName,
      namespace: NODE_LEASE_NAMESPACE,
      ...(opts.nodeUid && !base?.metadata.ownerReferences
        ? { ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: opts.nodeName, uid: opts.nodeUid }] }
        : {}),
    },
    spec: {
      ...(base?.spec ?? {}),
      holderIdentity: opts.nodeName,
      leaseDurationSeconds: opts.leaseDurationSeconds,
      renewTime: microTime(opts.now),
    },
  };
}
