/**
 * Which nodes a DaemonSet's pod belongs on (Kubernetes' NodeShouldRunDaemonPod): the node
 * must match the template's nodeSelector and required node affinity, and tolerate the
 * node's taints. Daemon pods tolerate the taints node lifecycle puts on sick or cordoned
 * nodes, so a cordoned or NotReady node keeps its daemons. A NoSchedule taint the pod does
 * not tolerate only stops new pods; an untolerated NoExecute one evicts too. Pure; reuses
 * the scheduler's filters.
 */
import type { KubeObject } from '../../api/types.js';
import { matchesNodeSelector } from '../../scheduler/filters/node-affinity.js';
import { toleratesTaints, type Toleration } from '../../scheduler/filters/taints.js';
import type { NodeInfo } from '../../scheduler/types.js';

/** The tolerations Kubernetes adds to every daemon pod (AddOrUpdateDaemonPodTolerations). */
export const DAEMON_TOLERATIONS: readonly Toleration[] = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
];

export function withDaemonTolerations(tolerations: Toleration[] | undefined): Toleration[] {
  const own = tolerations ?? [];
  const missing = DAEMON_TOLERATIONS.filter((d) => !own.some((t) => t.key === d.key && t.effect === d.effect));
  return [...own, ...missing];
}

export interface Placement {
  /** A pod should be created here. */
  shouldRun: boolean;
  /** A pod already here may stay. */
  shouldContinueRunning: boolean;
}

/** The daemon pod as the filters see it: the template spec with the daemon tolerations. */
function daemonPodView(ds: KubeObject): KubeObject {
  const spec = ds.spec?.template?.spec ?? {};
  return { apiVersion: 'v1', kind: 'Pod', metadata: {}, spec: { ...spec, tolerations: withDaemonTolerations(spec.tolerations) } };
}

export function placementOn(ds: KubeObject, node: KubeObject): Placement {
  const pod = daemonPodView(ds);
  const info = { node, name: node.metadata.name ?? '', pods: [] } as unknown as NodeInfo;
  if (matchesNodeSelector(pod, info, []) !== undefined) return { shouldRun: false, shouldContinueRunning: false };
  const fits = toleratesTaints(pod, info, []) === undefined;
  if (fits) return { shouldRun: true, shouldContinueRunning: true };
  const noExecuteOnly = { ...info, node: { ...node, spec: { ...node.spec, taints: (node.spec?.taints ?? []).filter((t: { effect?: string }) => t.effect === 'NoExecute') } } };
  return { shouldRun: false, shouldContinueRunning: toleratesTaints(pod, noExecuteOnly, []) === undefined };
}
