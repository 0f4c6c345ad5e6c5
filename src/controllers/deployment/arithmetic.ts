/**
 * Rolling-update arithmetic (Kubernetes' deployment util), pure: maxSurge rounds up,
 * maxUnavailable rounds down, and both 0 would deadlock so unavailable becomes 1.
 * e.g. 10 replicas, 25%/25% → surge 3 (2.5↑), unavailable 2 (2.5↓).
 */
export type IntOrPercent = number | string | undefined;

export function scaledValue(value: IntOrPercent, total: number, roundUp: boolean): number {
  if (value === undefined) return 0;
  if (typeof value === 'number') return value;
  const m = /^(\d+)%$/.exec(value.trim());
  if (!m) {
    const n = Number(value);
    return Number.isFinite(n) ? n : 0;
  }
  const exact = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

export interface Fenceposts { maxSurge: number; maxUnavailable: number }

export function resolveFenceposts(maxSurge: IntOrPercent, maxUnavailable: IntOrPercent, desired: number): Fenceposts {
  const surge = scaledValue(maxSurge ?? '25%', desired, true);
  let unavailable = scaledValue(maxUnavailable ?? '25%', desired, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { maxSurge: surge, maxUnavailable: Math.min(unavailable, desired) };
}

export interface RsCounts {
  name: string;
  /** spec.replicas */
  replicas: number;
  /** status.availableReplicas */
  available: number;
}

/** New ReplicaSet size after one scale-up step (NewRSNewReplicas). */
export function newReplicasForScaleUp(desired: number, fence: Fenceposts, all: RsCounts[], newRs: RsCounts): number {
  const total = all.reduce((s, rs) => s + rs.replicas, 0);
  const maxTotal = desired + fence.maxSurge;
  if (total >= maxTotal) return newRs.replicas;
  const scaleUp = Math.min(maxTotal - total, desired - newRs.replicas);
  return newRs.replicas + Math.max(0, scaleUp);
}

/**
 * Old ReplicaSet sizes after one scale-down step (reconcileOldReplicaSets): first remove
 * unhealthy old replicas, then healthy ones while keeping desired - maxUnavailable available.
 * `old` is ordered oldest first. Returns name → new replicas for the ones that change.
 */
export function oldReplicasForScaleDown(desired: number, fence: Fenceposts, old: RsCounts[], newRs: RsCounts | undefined): Map<string, number> {
  const result = new Map<string, number>();
  const oldTotal = old.reduce((s, rs) => s + rs.replicas, 0);
  if (oldTotal === 0) return result;
  const all = newRs ? [...old, newRs] : old;
  const allTotal = all.reduce((s, rs) => s + rs.replicas, 0);
  const minAvailable = desired - fence.maxUnavailable;
  const newUnavailable = newRs ? Math.max(0, newRs.replicas - newRs.available) : 0;
  let budget = allTotal - minAvailable - newUnavailable;
  if (budget <= 0) return result;
  const sizes = new Map(old.map((rs) => [rs.name, rs.replicas]));
  // 1. Unhealthy old replicas first: they serve nothing, removing them costs no availability.
  for (const rs of old) {
    if (budget <= 0) break;
    const unhealthy = Math.max(0, rs.replicas - rs.available);
    const cut = Math.min(budget, unhealthy);
    if (cut > 0) {
      sizes.set(rs.name, rs.replicas - cut);
      budget -= cut;
    }
  }
  // 2. Healthy old replicas, keeping minAvailable across all ReplicaSets.
  const available = all.reduce((s, rs) => s + Math.min(rs.available, sizes.get(rs.name) ?? rs.replicas), 0);
  let scaleDown = available - minAvailable;
  for (const rs of old) {
    if (scaleDown <= 0) break;
    const current = sizes.get(rs.name)!;
    const cut = Math.min(current, scaleDown);
    if (cut > 0) {
      sizes.set(rs.name, current - cut);
      scaleDown -= cut;
    }
  }
  for (const rs of old) {
    if (sizes.get(rs.name) !== rs.replicas) result.set(rs.name, sizes.get(rs.name)!);
  }
  return result;
}
