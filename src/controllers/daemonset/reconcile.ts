/**
 * The DaemonSet decision: from the DaemonSet, the nodes and the pods of its namespace, on
 * which nodes to create a daemon pod, which pods to delete (extras, misplaced, failed, on
 * vanished nodes, or old during a rolling update) and the new status. Pure.
 */
import type { KubeObject } from '../../api/types.js';
import { templateHash } from '../deployment/hash.js';
import { labelSelectorMatcher } from '../../api/selectors/index.js';
import { controllerOf, isActive, isAvailable, isControlledBy, isReady, isTerminal, msUntilAvailable } from '../common/pods.js';
import { placementOn, type Placement } from './placement.js';
import { oldPodsToDelete, resolveMaxUnavailable, type NodePods } from './rolling.js';

/** The label that says which template a daemon pod was made from (a template hash here). */
export const REVISION_HASH_LABEL = 'controller-revision-hash';

export interface DaemonSetSnapshot {
  daemonSet: KubeObject;
  nodes: KubeObject[];
  /** Pods of the DaemonSet's namespace; the decision picks those it controls. */
  pods: KubeObject[];
  nowMs: number;
  expectationsSatisfied: boolean;
}

export interface DaemonSetStatus {
  desiredNumberScheduled: number;
  currentNumberScheduled: number;
  numberMisscheduled: number;
  numberReady: number;
  numberAvailable: number;
  numberUnavailable: number;
  updatedNumberScheduled: number;
  observedGeneration: number;
}

export interface DaemonSetDecision {
  hash: string;
  /** Orphan pods the selector matches: they get a controller reference and count as ours. */
  adopt: KubeObject[];
  /** Node names that need a daemon pod. */
  createOn: string[];
  /** `force`: the pod's node is gone, so no agent will finish a graceful delete. */
  remove: Array<{ pod: KubeObject; force: boolean }>;
  status: DaemonSetStatus;
  requeueAfterMs?: number;
}

const byCreation = (a: KubeObject, b: KubeObject) =>
  (Date.parse(a.metadata.creationTimestamp ?? '') || 0) - (Date.parse(b.metadata.creationTimestamp ?? '') || 0) ||
  (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '');

export function reconcileDaemonSet(snapshot: DaemonSetSnapshot): DaemonSetDecision {
  const { daemonSet: ds, nowMs } = snapshot;
  const hash = templateHash(ds.spec?.template);
  const minReady: number = ds.spec?.minReadySeconds ?? 0;
  const selects = labelSelectorMatcher(ds.spec?.selector);
  const adopt = ds.metadata.deletionTimestamp ? [] : snapshot.pods.filter((p) =>
    !controllerOf(p) && !p.metadata.deletionTimestamp && selects(p.metadata.labels));
  const owned = [...snapshot.pods.filter((p) => isControlledBy(p, ds)), ...adopt];
  const podsByNode = new Map<string, KubeObject[]>();
  for (const pod of owned) {
    const node = pod.spec?.nodeName ?? '';
    podsByNode.set(node, [...(podsByNode.get(node) ?? []), pod]);
  }
  const act = snapshot.expectationsSatisfied && !ds.metadata.deletionTimestamp;
  const createOn: string[] = [];
  const remove: DaemonSetDecision['remove'] = [];
  const perNode: Array<NodePods & Placement> = [];
  const nodes = [...snapshot.nodes].sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
  for (const node of nodes) {
    const name = node.metadata.name ?? '';
    const placement = placementOn(ds, node);
    const pods = podsByNode.get(name) ?? [];
    podsByNode.delete(name);
    // A finished daemon pod is replaced (daemons run forever; restartPolicy is Always).
    for (const pod of pods) if (isTerminal(pod) && !pod.metadata.deletionTimestamp) remove.push({ pod, force: false });
    const running = pods.filter(isActive).sort(byCreation);
    perNode.push({ node: name, running, ...placement });
    if (!act) continue;
    if (placement.shouldRun && running.length === 0) createOn.push(name);
    if (!placement.shouldContinueRunning) for (const pod of running) remove.push({ pod, force: false });
    else for (const pod of running.slice(1)) remove.push({ pod, force: false });
  }
  // Pods on nodes that no longer exist (or never bound to one).
  if (act) {
    for (const pods of podsByNode.values()) for (const pod of pods) if (!pod.metadata.deletionTimestamp) remove.push({ pod, force: true });
  }

  const status = statusOf(ds, perNode, hash, nowMs);
  if (act && isRollingUpdate(ds) && remove.length === 0 && createOn.length === 0) {
    const maxUnavailable = resolveMaxUnavailable(ds.spec?.updateStrategy?.rollingUpdate?.maxUnavailable, status.desiredNumberScheduled);
    const eligible = perNode.filter((n) => n.shouldContinueRunning);
    for (const pod of oldPodsToDelete(eligible, { hash, hashLabel: REVISION_HASH_LABEL, maxUnavailable, minReadySeconds: minReady, nowMs })) {
      remove.push({ pod, force: false });
    }
  }
  const waits = perNode.flatMap((n) => n.running).map((p) => msUntilAvailable(p, minReady, nowMs)).filter((ms): ms is number => ms !== undefined);
  return { hash, adopt, createOn, remove, status, ...(waits.length ? { requeueAfterMs: Math.min(...waits) } : {}) };
}

function isRollingUpdate(ds: KubeObject): boolean {
  return (ds.spec?.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
}

function statusOf(ds: KubeObject, perNode: Array<NodePods & Placement>, hash: string, nowMs: number): DaemonSetStatus {
  const minReady: number = ds.spec?.minReadySeconds ?? 0;
  const desired = perNode.filter((n) => n.shouldRun);
  const scheduled = desired.filter((n) => n.running.length > 0);
  const first = scheduled.map((n) => n.running[0]);
  const available = first.filter((p) => isAvailable(p, minReady, nowMs)).length;
  return {
    desiredNumberScheduled: desired.length,
    currentNumberScheduled: scheduled.length,
    numberMisscheduled: perNode.filter((n) => !n.shouldRun && n.running.length > 0).length,
    numberReady: first.filter(isReady).length,
    numberAvailable: available,
    numberUnavailable: desired.length - available,
    updatedNumberScheduled: scheduled.filter((n) => n.running.some((p) => p.metadata.labels?.[REVISION_HASH_LABEL] === hash)).length,
    observedGeneration: ds.metadata.generation ?? 0,
  };
}

export function statusChanged(ds: KubeObject, next: DaemonSetStatus): boolean {
  const cur: Record<string, unknown> = ds.status ?? {};
  return (Object.keys(next) as Array<keyof DaemonSetStatus>).some((k) => (cur[k] ?? 0) !== next[k]);
}
