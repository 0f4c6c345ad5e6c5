/** Pure: API objects (EndpointSlices, Nodes, Leases) → the facts decideTermination reads. */
import type { KubeObject } from '../../api/types.js';
import { PROXY_REVISION_ANNOTATION } from '../node/lease.js';
import type { ProxyFacts, SliceFacts } from './decide.js';

/** Each slice with only this pod's endpoints; ready as a proxy reads it (nil ready counts as ready, terminating never). */
export function sliceFactsFor(podUid: string, slices: readonly KubeObject[]): SliceFacts[] {
  return slices.map((slice) => {
    const endpoints: any[] = Array.isArray(slice.endpoints) ? slice.endpoints : [];
    return {
      name: slice.metadata.name ?? '',
      resourceVersion: revisionNumber(slice.metadata.resourceVersion) ?? 0,
      endpoints: endpoints
        .filter((e) => e?.targetRef?.uid === podUid)
        .map((e) => ({ ready: e.conditions?.ready !== false && e.conditions?.terminating !== true })),
    };
  });
}

/** One entry per node Lease; a Lease without a Node (or a Node without Ready=True) counts as not ready. */
export function proxyFactsOf(nodes: readonly KubeObject[], leases: readonly KubeObject[]): ProxyFacts[] {
  const ready = new Set(nodes
    .filter((n) => (n.status?.conditions ?? []).some((c: any) => c?.type === 'Ready' && c?.status === 'True'))
    .map((n) => n.metadata.name));
  return leases.map((lease) => {
    const node = lease.metadata.name ?? '';
    const renewedMs = Date.parse(lease.spec?.renewTime ?? '');
    const durationMs = Number(lease.spec?.leaseDurationSeconds ?? 0) * 1000;
    const revision = revisionNumber(lease.metadata.annotations?.[PROXY_REVISION_ANNOTATION]);
    return {
      node,
      nodeReady: ready.has(node),
      leaseValidUntilMs: Number.isFinite(renewedMs) ? renewedMs + durationMs : 0,
      ...(revision !== undefined ? { revision } : {}),
    };
  });
}

/** resourceVersions are decimal counters here; anything else is treated as absent. */
export function revisionNumber(value: unknown): number | undefined {
  if (typeof value !== 'string' || !/^\d+$/.test(value)) return undefined;
  return Number(value);
}
