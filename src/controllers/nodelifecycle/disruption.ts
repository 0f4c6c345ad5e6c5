/**
 * The mass-failure guard (Kubernetes' zone disruption states), pure with the time passed in.
 * When many nodes go silent at once the likeliest cause is the control plane's own network,
 * not the hosts: evicting everything would move every pod for nothing, or onto too few
 * survivors. So eviction slows down, or stops when every node is silent.
 *
 * The guard gates the NoExecute taint, as Kubernetes' zoneNoExecuteTainter does: NoSchedule
 * taints and Ready=Unknown are always written; a node's pods are evicted only once its
 * NoExecute taint is in place.
 */
import type { NodeLifecycleOptions } from './defaults.js';

export type DisruptionMode =
  /** Evict as the tolerations say. */
  | 'Normal'
  /** More than unhealthyFraction (and ≥ minUnhealthyNodes) unreachable: one node per slowEvictionIntervalMs. */
  | 'PartialDisruption'
  /** Every node unreachable: no eviction at all, and NoExecute taints are lifted. */
  | 'FullDisruption';

export function disruptionMode(unreachable: number, total: number, options: Pick<NodeLifecycleOptions, 'unhealthyFraction' | 'minUnhealthyNodes'>): DisruptionMode {
  if (total > 0 && unreachable === total) return 'FullDisruption';
  if (unreachable >= options.minUnhealthyNodes && unreachable > total * options.unhealthyFraction) return 'PartialDisruption';
  return 'Normal';
}

/** Which nodes may carry a NoExecute taint; kept by the shell between passes. */
export interface EvictionLimiterState {
  /** Nodes allowed to carry the NoExecute taint while they stay unhealthy. */
  admitted: ReadonlySet<string>;
  /** When the slow rate last admitted a node. */
  lastSlowAdmitMs?: number;
}

export type Admission =
  | { admitted: true }
  /** Partial disruption: this node's turn comes in retryAfterMs at the earliest. */
  | { admitted: false; mode: 'PartialDisruption'; retryAfterMs: number }
  | { admitted: false; mode: 'FullDisruption' };

export interface AdmissionRequest {
  nodeName: string;
  mode: DisruptionMode;
  /** The node already carries a NoExecute lifecycle taint (e.g. tainted before the mass failure began). */
  alreadyTainted: boolean;
  nowMs: number;
  intervalMs: number;
}

/** May this unhealthy node get (or keep) its NoExecute taint now? Returns the next limiter state too. */
export function admitNoExecute(state: EvictionLimiterState, request: AdmissionRequest): { admission: Admission; state: EvictionLimiterState } {
  const { nodeName, mode, nowMs, intervalMs } = request;
  if (mode === 'FullDisruption') {
    return { admission: { admitted: false, mode }, state: { admitted: new Set(), lastSlowAdmitMs: state.lastSlowAdmitMs } };
  }
  const admit = (lastSlowAdmitMs = state.lastSlowAdmitMs) => ({
    admission: { admitted: true } as const,
    state: { admitted: new Set([...state.admitted, nodeName]), lastSlowAdmitMs },
  });
  if (mode === 'Normal' || state.admitted.has(nodeName) || request.alreadyTainted) return admit();
  const sinceLast = state.lastSlowAdmitMs === undefined ? Infinity : nowMs - state.lastSlowAdmitMs;
  if (sinceLast >= intervalMs) return admit(nowMs);
  return { admission: { admitted: false, mode, retryAfterMs: intervalMs - sinceLast }, state };
}

/** A node that is healthy again leaves the limiter: if it fails later it queues anew. */
export function releaseNode(state: EvictionLimiterState, nodeName: string): EvictionLimiterState {
  if (!state.admitted.has(nodeName)) return state;
  const admitted = new Set(state.admitted);
  admitted.delete(nodeName);
  return { ...state, admitted };
}

export function disruptionMessage(mode: DisruptionMode, unreachable: number, total: number): string {
  return mode === 'FullDisruption'
    ? `all ${total} nodes unreachable, likely a control-plane network problem: stopping eviction`
    : `${unreachable} of ${total} nodes unreachable, likely a control-plane network problem: slowing eviction`;
}
