/** The node heartbeat Lease: coordination.k8s.io/v1 Lease kube-node-lease/<node>. */
import type { KubeObject } from '../../api/types.js';

export const NODE_LEASE_NAMESPACE = 'kube-node-lease';
/**
 * The newest EndpointSlice/Service resourceVersion the node's service proxy has applied.
 * Agents that delete a pod wait until every proxy shows at least the revision that took the
 * pod out (src/agent/termination-gate). Absent = the node runs no proxy.
 */
export const PROXY_REVISION_ANNOTATION = 'tugboat.io/proxy-revision';

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
  /**
   * The proxy's applied revision, published as PROXY_REVISION_ANNOTATION; null removes it
   * (this node runs no proxy, or one that applied nothing yet and so routes nothing);
   * undefined leaves the existing Lease's value as it is.
   */
  proxyRevision?: string | null;
}

export function buildLease(opts: LeaseOptions): KubeObject {
  const base = opts.existing;
  let annotations = base?.metadata.annotations;
  if (opts.proxyRevision !== undefined) {
    const { [PROXY_REVISION_ANNOTATION]: _old, ...others } = annotations ?? {};
    annotations = opts.proxyRevision === null ? others : { ...others, [PROXY_REVISION_ANNOTATION]: opts.proxyRevision };
    if (Object.keys(annotations).length === 0) annotations = undefined;
  }
  const { annotations: _previous, ...baseMetadata } = base?.metadata ?? {};
  return {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: {
      ...baseMetadata,
      ...(annotations ? { annotations } : {}),
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
