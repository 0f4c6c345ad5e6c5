/**
 * Which pods to remove first when a controller scales down (Kubernetes' ActivePodsWithRanks,
 * simplified): unscheduled before scheduled, pending before running, not ready before
 * ready, pods on the hosts holding most copies first (so replicas stay spread), more
 * restarts first, then the youngest.
 */
import type { KubeObject } from '../../api/types.js';
import { isReady, restartCount } from './pods.js';

const PHASE_RANK: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

export function rankForScaleDown(pods: KubeObject[]): KubeObject[] {
  const perNode = new Map<string, number>();
  for (const pod of pods) {
    const node = pod.spec?.nodeName;
    if (node) perNode.set(node, (perNode.get(node) ?? 0) + 1);
  }
  const keyed = pods.map((pod) => ({
    pod,
    scheduled: pod.spec?.nodeName ? 1 : 0,
    phase: PHASE_RANK[pod.status?.phase ?? 'Pending'] ?? 0,
    ready: isReady(pod) ? 1 : 0,
    crowd: perNode.get(pod.spec?.nodeName ?? '') ?? 0,
    restarts: restartCount(pod),
    created: Date.parse(pod.metadata.creationTimestamp ?? '') || 0,
    name: pod.metadata.name ?? '',
  }));
  keyed.sort((a, b) =>
    a.scheduled - b.scheduled ||
    a.phase - b.phase ||
    a.ready - b.ready ||
    b.crowd - a.crowd ||
    b.restarts - a.restarts ||
    b.created - a.created ||
    a.name.localeCompare(b.name));
  return keyed.map((k) => k.pod);
}
