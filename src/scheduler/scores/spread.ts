/**
 * SelectorSpread: replicas of one owner (same controller uid) go to the hosts, and zones
 * (`topology.kubernetes.io/zone`), that hold the fewest of them. 100 = none there yet.
 * The cluster-wide maxima are computed once per pod (memoized on the node list).
 */
import type { KubeObject } from '../../api/types.js';
import { controllerOf } from '../../api/owners.js';
import type { NodeInfo, Scorer } from '../types.js';

const ZONE = 'topology.kubernetes.io/zone';

interface SpreadTotals { pod: KubeObject; hostMax: number; zoneCounts: Map<string, number>; zoneMax: number }
const memo = new WeakMap<NodeInfo[], SpreadTotals>();

function totals(pod: KubeObject, owner: string, all: NodeInfo[]): SpreadTotals {
  const cached = memo.get(all);
  if (cached && cached.pod === pod) return cached;
  let hostMax = 0;
  const zoneCounts = new Map<string, number>();
  for (const n of all) {
    const c = n.ownerCounts.get(owner) ?? 0;
    if (c > hostMax) hostMax = c;
    const z = n.node.metadata.labels?.[ZONE];
    if (z) zoneCounts.set(z, (zoneCounts.get(z) ?? 0) + c);
  }
  const result = { pod, hostMax, zoneCounts, zoneMax: Math.max(0, ...zoneCounts.values()) };
  memo.set(all, result);
  return result;
}

export const spreadReplicas: Scorer = (pod, node, all) => {
  const owner = controllerOf(pod)?.uid;
  if (!owner) return 100;
  const t = totals(pod, owner, all);
  const here = node.ownerCounts.get(owner) ?? 0;
  const hostScore = t.hostMax === 0 ? 100 : ((t.hostMax - here) / t.hostMax) * 100;
  const zone = node.node.metadata.labels?.[ZONE];
  if (!zone) return Math.round(hostScore);
  const zoneScore = t.zoneMax === 0 ? 100 : ((t.zoneMax - (t.zoneCounts.get(zone) ?? 0)) / t.zoneMax) * 100;
  // Kubernetes weighs zone spreading 2/3 against host spreading 1/3.
  return Math.round(hostScore / 3 + (zoneScore * 2) / 3);
};
