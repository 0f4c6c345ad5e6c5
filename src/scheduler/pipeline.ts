/**
 * The placement pipeline, Nomad-style: filters remove nodes and say why; scorers rank the
 * rest; the best total wins (ties broken by a rotating offset so equal nodes share load).
 * Pure: the same pod and nodes give the same answer. For very large clusters only a sample
 * of feasible nodes is scored, like Kubernetes' percentageOfNodesToScore.
 */
import type { KubeObject } from '../api/types.js';
import { fitsResources } from './filters/resources.js';
import { matchesNodeSelector } from './filters/node-affinity.js';
import { toleratesTaints } from './filters/taints.js';
import { schedulableNode } from './filters/node-state.js';
import { freeHostPorts } from './filters/host-ports.js';
import { podAntiAffinity } from './filters/pod-anti-affinity.js';
import { balancedAllocation, leastAllocated } from './scores/resources.js';
import { spreadReplicas } from './scores/spread.js';
import { avoidPreferNoSchedule, preferredNodeAffinity } from './scores/affinity.js';
import type { NamedFilter, NodeInfo, WeightedScorer } from './types.js';

export const FILTERS: NamedFilter[] = [
  { name: 'NodeState', filter: schedulableNode },
  { name: 'NodeAffinity', filter: matchesNodeSelector },
  { name: 'TaintToleration', filter: toleratesTaints },
  { name: 'NodePorts', filter: freeHostPorts },
  { name: 'NodeResourcesFit', filter: fitsResources },
  { name: 'PodAntiAffinity', filter: podAntiAffinity },
];

export const SCORERS: WeightedScorer[] = [
  { name: 'SelectorSpread', weight: 3, score: spreadReplicas },
  { name: 'LeastAllocated', weight: 1, score: leastAllocated },
  { name: 'BalancedAllocation', weight: 1, score: balancedAllocation },
  { name: 'NodeAffinity', weight: 2, score: preferredNodeAffinity },
  { name: 'TaintToleration', weight: 1, score: avoidPreferNoSchedule },
];

/** Score at most this many feasible nodes once the cluster is larger than MIN_NODES_TO_SCORE. */
export const MIN_NODES_TO_SCORE = 100;
export const PERCENTAGE_OF_NODES_TO_SCORE = 10;

export type Placement =
  | { ok: true; node: string; score: number; feasible: number }
  | { ok: false; message: string; reasons: Record<string, number> };

/** `extraFilters` run after FILTERS, for checks that need more than the pod and the nodes (e.g. volumes). */
export function schedule(pod: KubeObject, nodes: NodeInfo[], opts: { offset?: number; extraFilters?: NamedFilter[] } = {}): Placement {
  const reasons: Record<string, number> = {};
  const feasible: NodeInfo[] = [];
  const limit = nodes.length > MIN_NODES_TO_SCORE
    ? Math.max(MIN_NODES_TO_SCORE, Math.ceil((nodes.length * PERCENTAGE_OF_NODES_TO_SCORE) / 100))
    : nodes.length;
  const offset = nodes.length ? (opts.offset ?? 0) % nodes.length : 0;
  for (let i = 0; i < nodes.length && feasible.length < limit; i++) {
    const node = nodes[(i + offset) % nodes.length];
    const failed = firstFailure(pod, node, nodes, opts.extraFilters);
    if (failed) reasons[failed] = (reasons[failed] ?? 0) + 1;
    else feasible.push(node);
  }
  if (feasible.length === 0) return { ok: false, message: unschedulableMessage(nodes.length, reasons), reasons };
  let best = feasible[0];
  let bestScore = -1;
  for (const node of feasible) {
    const score = SCORERS.reduce((s, sc) => s + sc.weight * sc.score(pod, node, nodes), 0);
    if (score > bestScore) {
      best = node;
      bestScore = score;
    }
  }
  return { ok: true, node: best.name, score: bestScore, feasible: feasible.length };
}

function firstFailure(pod: KubeObject, node: NodeInfo, all: NodeInfo[], extra: NamedFilter[] = []): string | undefined {
  for (const f of FILTERS) {
    const reason = f.filter(pod, node, all);
    if (reason) return reason;
  }
  for (const f of extra) {
    const reason = f.filter(pod, node, all);
    if (reason) return reason;
  }
  return undefined;
}

/** `0/3 nodes are available: 2 Insufficient memory, 1 node(s) had untolerated taint {k: v}.` */
export function unschedulableMessage(total: number, reasons: Record<string, number>): string {
  const parts = Object.entries(reasons).sort(([a], [b]) => a.localeCompare(b)).map(([r, n]) => `${n} ${r}`);
  return `0/${total} nodes are available${parts.length ? `: ${parts.join(', ')}` : ''}.`;
}
