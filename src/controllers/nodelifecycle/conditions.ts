/**
 * Node and pod conditions as this controller sees and writes them. Pure.
 * The agent owns the Node's conditions while it is alive; the controller only overwrites
 * them with Unknown once the agent has stopped renewing its Lease.
 */
import type { KubeObject } from '../../api/types.js';

export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown' | string;
  reason?: string;
  message?: string;
  lastHeartbeatTime?: string;
  lastTransitionTime?: string;
  lastProbeTime?: string | null;
}

/** The conditions the agent posts and the controller turns Unknown when the agent goes silent. */
export const AGENT_NODE_CONDITIONS = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'] as const;
export const NODE_STATUS_UNKNOWN_REASON = 'NodeStatusUnknown';
export const NODE_STATUS_UNKNOWN_MESSAGE = 'Tugboat agent stopped posting node status.';
export const NODE_STATUS_NEVER_UPDATED_REASON = 'NodeStatusNeverUpdated';
export const NODE_STATUS_NEVER_UPDATED_MESSAGE = 'Tugboat agent never posted node status.';
export const POD_NOT_READY_REASON = 'NodeNotReady';

export function conditionsOf(object: KubeObject): Condition[] {
  return Array.isArray(object.status?.conditions) ? object.status.conditions : [];
}

export function readyStatusOf(node: KubeObject): 'True' | 'False' | 'Unknown' | undefined {
  const status = conditionsOf(node).find((c) => c.type === 'Ready')?.status;
  return status === 'True' || status === 'False' || status === 'Unknown' ? status : undefined;
}

/**
 * The node's conditions with the agent's ones set to Unknown (Kubernetes'
 * tryUpdateNodeHealth). lastHeartbeatTime is kept: it is the agent's last word.
 * Returns undefined when they already are Unknown.
 */
export function unknownNodeConditions(node: KubeObject, nowMs: number): Condition[] | undefined {
  const now = new Date(nowMs).toISOString();
  const current = conditionsOf(node);
  let changed = false;
  const next = current.map((c) => {
    if (!(AGENT_NODE_CONDITIONS as readonly string[]).includes(c.type) || c.status === 'Unknown') return c;
    changed = true;
    return { ...c, status: 'Unknown', reason: NODE_STATUS_UNKNOWN_REASON, message: NODE_STATUS_UNKNOWN_MESSAGE, lastTransitionTime: now };
  });
  for (const type of AGENT_NODE_CONDITIONS) {
    if (current.some((c) => c.type === type)) continue;
    changed = true;
    next.push({ type, status: 'Unknown', reason: NODE_STATUS_NEVER_UPDATED_REASON, message: NODE_STATUS_NEVER_UPDATED_MESSAGE, lastHeartbeatTime: now, lastTransitionTime: now });
  }
  return changed ? next : undefined;
}

const POD_READINESS_CONDITIONS = ['Ready', 'ContainersReady'];

/**
 * The pod's conditions with Ready and ContainersReady False (Kubernetes' MarkPodsNotReady),
 * so Services stop routing to a pod nobody can vouch for. Undefined when already so.
 */
export function notReadyPodConditions(pod: KubeObject, nodeName: string, nowMs: number): Condition[] | undefined {
  const now = new Date(nowMs).toISOString();
  const current = conditionsOf(pod);
  const stale = (c: Condition) => POD_READINESS_CONDITIONS.includes(c.type) && c.status !== 'False';
  if (!current.some(stale)) return undefined;
  return current.map((c) => (stale(c)
    ? { ...c, status: 'False', reason: POD_NOT_READY_REASON, message: `Node ${nodeName} is unreachable`, lastTransitionTime: now }
    : c));
}
