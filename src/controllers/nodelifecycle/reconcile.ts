/**
 * The node lifecycle decision for one node: from the Node, its pods, when its Lease was
 * last seen renewed and the cluster's disruption mode, what to write (Ready → Unknown,
 * lifecycle taints), which pods to mark not ready or evict, and when to look again. Pure;
 * the time is passed in.
 */
import type { KubeObject } from '../../api/types.js';
import type { NodeLifecycleOptions } from './defaults.js';
import { notReadyPodConditions, readyStatusOf, unknownNodeConditions, type Condition } from './conditions.js';
import { admitNoExecute, releaseNode, type Admission, type DisruptionMode, type EvictionLimiterState } from './disruption.js';
import { planEvictions, type Eviction } from './eviction.js';
import { NOT_READY_TAINT_KEY, taintsOf, UNREACHABLE_TAINT_KEY, withLifecycleTaints, type DesiredLifecycleTaints, type Taint } from './taints.js';

export type NodeHealth =
  /** The Lease is fresh and the agent says Ready=True. */
  | 'Ready'
  /** The Lease is fresh and the agent says Ready=False (e.g. its container runtime is down). */
  | 'NotReady'
  /** Lease not renewed for longer than the grace, or Ready still Unknown since then. */
  | 'Unreachable'
  /** The Lease is fresh but the agent has not posted a Ready condition yet. */
  | 'Registering';

export interface NodeAssessment {
  health: NodeHealth;
  /** The Lease was not renewed for longer than heartbeatGraceMs. */
  leaseExpired: boolean;
  /** While the Lease is fresh: how long until it would expire (+1 ms, "longer than the grace"). */
  msUntilExpiry?: number;
}

/** "Not renewed for longer than the grace": at exactly the grace the node is still fine. */
export function assessNode(node: KubeObject, lastHeartbeatMs: number, nowMs: number, heartbeatGraceMs: number): NodeAssessment {
  const silentMs = nowMs - lastHeartbeatMs;
  if (silentMs > heartbeatGraceMs) return { health: 'Unreachable', leaseExpired: true };
  const msUntilExpiry = heartbeatGraceMs - silentMs + 1;
  const ready = readyStatusOf(node);
  const health: NodeHealth = ready === 'True' ? 'Ready' : ready === 'False' ? 'NotReady' : ready === 'Unknown' ? 'Unreachable' : 'Registering';
  return { health, leaseExpired: false, msUntilExpiry };
}

export interface NodeSnapshot {
  node: KubeObject;
  /** Pods bound to the node. */
  pods: KubeObject[];
  nowMs: number;
  /** When the controller last saw the node's Lease renewed (or first saw the node). */
  lastHeartbeatMs: number;
  /** The Lease's leaseDurationSeconds × 1000 (informational: at-most-once pods wait for the agent's fence, see eviction.ts). */
  leaseDurationMs: number;
  /** The cluster-wide mass-failure mode (disruptionMode over all nodes). */
  mode: DisruptionMode;
  limiter: EvictionLimiterState;
  options: NodeLifecycleOptions;
}

export interface PodEviction extends Eviction {
  /** Delete with gracePeriodSeconds 0: the node's agent is gone and would never confirm. */
  force: boolean;
}

export interface NodeDecision {
  assessment: NodeAssessment;
  /** The full new status.conditions, when the agent's conditions must turn Unknown. */
  conditions?: Condition[];
  /** The full new spec.taints, when the lifecycle taints change. */
  taints?: Taint[];
  markNotReady: Array<{ pod: KubeObject; conditions: Condition[] }>;
  evict: PodEviction[];
  /** Set when the mass-failure guard held this node's NoExecute taint back. */
  held?: Extract<Admission, { admitted: false }>;
  limiter: EvictionLimiterState;
  requeueAfterMs?: number;
}

function hasNoExecute(node: KubeObject, key: string): boolean {
  return taintsOf(node).some((t) => t.key === key && t.effect === 'NoExecute');
}

export function reconcileNode(snapshot: NodeSnapshot): NodeDecision {
  const { node, nowMs, options } = snapshot;
  const nodeName = node.metadata.name!;
  const assessment = assessNode(node, snapshot.lastHeartbeatMs, nowMs, options.heartbeatGraceMs);
  const { health, leaseExpired } = assessment;
  const decision: NodeDecision = { assessment, markNotReady: [], evict: [], limiter: snapshot.limiter };
  const waits: number[] = assessment.msUntilExpiry !== undefined ? [assessment.msUntilExpiry] : [];

  if (leaseExpired) decision.conditions = unknownNodeConditions(node, nowMs);

  if (health === 'Ready') decision.limiter = releaseNode(snapshot.limiter, nodeName);
  if (health !== 'Registering') {
    const desired: DesiredLifecycleTaints = { noExecute: false };
    if (health === 'Unreachable' || health === 'NotReady') {
      desired.key = health === 'Unreachable' ? UNREACHABLE_TAINT_KEY : NOT_READY_TAINT_KEY;
      const limited = admitNoExecute(snapshot.limiter, {
        nodeName, mode: snapshot.mode, alreadyTainted: hasNoExecute(node, desired.key), nowMs, intervalMs: options.slowEvictionIntervalMs,
      });
      decision.limiter = limited.state;
      desired.noExecute = limited.admission.admitted;
      if (!limited.admission.admitted) {
        decision.held = limited.admission;
        if (limited.admission.mode === 'PartialDisruption') waits.push(limited.admission.retryAfterMs);
      }
    }
    decision.taints = withLifecycleTaints(taintsOf(node), desired, nowMs);
  }

  if (leaseExpired) {
    for (const pod of snapshot.pods) {
      if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') continue;
      const conditions = notReadyPodConditions(pod, nodeName, nowMs);
      if (conditions) decision.markNotReady.push({ pod, conditions });
    }
  }

  // Evictions follow the taints as they will be after this pass, so a pod with
  // tolerationSeconds 0 goes in the same pass that adds the taint.
  const taintedNode = decision.taints ? { ...node, spec: { ...node.spec, taints: decision.taints } } : node;
  const plan = planEvictions({
    node: taintedNode, pods: snapshot.pods, nowMs, defaultEvictionSeconds: options.defaultEvictionSeconds,
    ...(leaseExpired ? { unreachable: { fencedByMs: snapshot.lastHeartbeatMs + options.heartbeatGraceMs + options.fenceMarginMs } } : {}),
  });
  // Force only when the Lease expired: a graceful delete waits for the agent to confirm the
  // containers stopped, and a silent agent never will, so the pod (and its replacement)
  // would hang. This is what Kubernetes' pod GC does for pods on dead nodes.
  decision.evict = plan.evict.map((e) => ({ ...e, force: leaseExpired }));
  if (plan.nextDueMs !== undefined) waits.push(plan.nextDueMs - nowMs);

  if (waits.length > 0) decision.requeueAfterMs = Math.max(1, Math.min(...waits));
  return decision;
}
