/**
 * The taints this controller owns and how a pod's tolerations answer them. Pure.
 * Only the two node-lifecycle keys are managed; any other taint on the node is kept as is.
 */
import type { KubeObject } from '../../api/types.js';

export const UNREACHABLE_TAINT_KEY = 'node.kubernetes.io/unreachable';
export const NOT_READY_TAINT_KEY = 'node.kubernetes.io/not-ready';

export type TaintEffect = 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';

export interface Taint {
  key: string;
  value?: string;
  effect: TaintEffect | string;
  /** RFC 3339; set on NoExecute taints so tolerationSeconds can be counted from it. */
  timeAdded?: string;
}

export interface Toleration {
  key?: string;
  operator?: 'Exists' | 'Equal' | string;
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

export function isLifecycleTaint(taint: Taint): boolean {
  return taint.key === UNREACHABLE_TAINT_KEY || taint.key === NOT_READY_TAINT_KEY;
}

export function taintsOf(node: KubeObject): Taint[] {
  return Array.isArray(node.spec?.taints) ? node.spec.taints : [];
}

/** Kubernetes' Toleration.ToleratesTaint: empty effect matches every effect, empty key + Exists matches every key. */
export function toleratesTaint(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (!toleration.key) return toleration.operator === 'Exists';
  if (toleration.key !== taint.key) return false;
  return toleration.operator === 'Exists' || (toleration.value ?? '') === (taint.value ?? '');
}

export type Tolerance =
  | { kind: 'forever' }
  | { kind: 'seconds'; seconds: number; source: 'pod' | 'default' };

/**
 * How long `pod` stays on a node with the NoExecute `taint`. A matching toleration without
 * tolerationSeconds means forever (DaemonSet pods); several matching ones: the shortest wins
 * (Kubernetes' getMinTolerationTime); none: Tugboat's default toleration.
 */
export function toleranceOf(pod: KubeObject, taint: Taint, defaultSeconds: number): Tolerance {
  const tolerations: Toleration[] = Array.isArray(pod.spec?.tolerations) ? pod.spec.tolerations : [];
  const matching = tolerations.filter((t) => toleratesTaint(t, taint));
  if (matching.length === 0) return { kind: 'seconds', seconds: defaultSeconds, source: 'default' };
  if (matching.some((t) => typeof t.tolerationSeconds !== 'number')) return { kind: 'forever' };
  const seconds = Math.max(0, Math.min(...matching.map((t) => t.tolerationSeconds as number)));
  return { kind: 'seconds', seconds, source: 'pod' };
}

export interface DesiredLifecycleTaints {
  /** Which lifecycle key the node should carry, if any. */
  key?: typeof UNREACHABLE_TAINT_KEY | typeof NOT_READY_TAINT_KEY;
  /** Whether the NoExecute variant (which evicts pods) is wanted besides NoSchedule. */
  noExecute: boolean;
}

/**
 * The node's taints with the lifecycle ones replaced by `desired`. Existing taints keep
 * their timeAdded, so eviction deadlines do not move on every pass. Returns undefined when
 * nothing changes.
 */
export function withLifecycleTaints(current: Taint[], desired: DesiredLifecycleTaints, nowMs: number): Taint[] | undefined {
  const wanted: Taint[] = [];
  if (desired.key) {
    wanted.push({ key: desired.key, effect: 'NoSchedule' });
    if (desired.noExecute) wanted.push({ key: desired.key, effect: 'NoExecute' });
  }
  const same = (a: Taint, b: Taint) => a.key === b.key && a.effect === b.effect;
  const kept = current.filter((t) => !isLifecycleTaint(t) || wanted.some((w) => same(w, t)));
  const added = wanted
    .filter((w) => !current.some((t) => same(w, t)))
    // timeAdded only on NoExecute, as Kubernetes: tolerationSeconds count from it.
    .map((w) => (w.effect === 'NoExecute' ? { ...w, timeAdded: new Date(nowMs).toISOString() } : w));
  if (added.length === 0 && kept.length === current.length) return undefined;
  return [...kept, ...added];
}
