/**
 * The node heartbeat Lease (coordination.k8s.io/v1 Lease kube-node-lease/<node>): the
 * names and the pure renewal rule shared by the agent (which creates and renews it) and
 * the API server's heartbeat channel (which renews it on the agent's behalf).
 */
import type { KubeObject } from './types.js';

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

/** What one renewal sets. */
export interface LeaseRenewal {
  /** MicroTime of the renewal, taken by the node's clock (as kubelet does). */
  renewTime: string;
  leaseDurationSeconds: number;
  /**
   * The proxy's applied revision: null removes the annotation (no proxy, or one that routes
   * nothing yet); undefined leaves the existing value as it is.
   */
  proxyRevision?: string | null;
}

/** Annotations with PROXY_REVISION_ANNOTATION set, removed or kept as `proxyRevision` says; undefined when none are left. */
export function withProxyRevision(
  annotations: Record<string, string> | undefined, proxyRevision: string | null | undefined,
): Record<string, string> | undefined {
  if (proxyRevision === undefined) return annotations;
  const { [PROXY_REVISION_ANNOTATION]: _old, ...others } = annotations ?? {};
  const next = proxyRevision === null ? others : { ...others, [PROXY_REVISION_ANNOTATION]: proxyRevision };
  return Object.keys(next).length === 0 ? undefined : next;
}

/** `lease` renewed by `holder`: holder, duration, renew time and proxy revision; everything else kept. */
export function renewedLease(lease: KubeObject, holder: string, renewal: LeaseRenewal): KubeObject {
  const { annotations: previous, ...metadata } = lease.metadata;
  const annotations = withProxyRevision(previous, renewal.proxyRevision);
  return {
    ...lease,
    metadata: { ...metadata, ...(annotations ? { annotations } : {}) },
    spec: { ...(lease.spec ?? {}), holderIdentity: holder, leaseDurationSeconds: renewal.leaseDurationSeconds, renewTime: renewal.renewTime },
  };
}
