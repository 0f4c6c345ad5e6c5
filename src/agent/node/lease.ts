/** The node heartbeat Lease as the agent creates and renews it over plain API writes. */
import type { KubeObject } from '../../api/types.js';
import { microTime, NODE_LEASE_NAMESPACE, renewedLease } from '../../api/node-lease.js';

export { microTime, NODE_LEASE_NAMESPACE, PROXY_REVISION_ANNOTATION } from '../../api/node-lease.js';

export interface LeaseOptions {
  nodeName: string;
  leaseDurationSeconds: number;
  now: number;
  /** The Node's uid: the Lease is owned by the Node, so it goes when the Node goes. */
  nodeUid?: string;
  /** An existing Lease to renew (keeps resourceVersion for the optimistic update). */
  existing?: KubeObject;
  /**
   * The proxy's applied revision, published as PROXY_REVISION_ANNOTATION; null removes it
   * (this node runs no proxy, or one that applied nothing yet and so routes nothing);
   * undefined leaves the existing Lease's value as it is.
   */
  proxyRevision?: string | null;
}

export function buildLease(opts: LeaseOptions): KubeObject {
  const base: KubeObject = opts.existing ?? { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: {} };
  const renewed = renewedLease(base, opts.nodeName, {
    renewTime: microTime(opts.now), leaseDurationSeconds: opts.leaseDurationSeconds, proxyRevision: opts.proxyRevision,
  });
  return {
    ...renewed,
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: {
      ...renewed.metadata,
      name: opts.nodeName,
      namespace: NODE_LEASE_NAMESPACE,
      ...(opts.nodeUid && !base.metadata.ownerReferences
        ? { ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: opts.nodeName, uid: opts.nodeUid }] }
        : {}),
    },
  };
}
