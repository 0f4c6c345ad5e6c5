/**
 * The grace after which this agent fences itself: the one the node lifecycle controller
 * published (kube-node-lease/tugboat-heartbeat, key graceMs), else the published period ×
 * BEATS_PER_GRACE, else the fallback. Agent and controller must agree on it: the controller
 * replaces at-most-once pods only a margin after the agent has fenced by this grace.
 */
import { BEATS_PER_GRACE, parseHeartbeatGrace, parseHeartbeatPeriod } from '../../api/heartbeat-settings.js';

/** Pure: the grace from the settings' data. */
export function graceFromSettings(data: Record<string, string> | undefined, fallbackMs: number): number {
  const grace = parseHeartbeatGrace(data);
  if (grace !== undefined) return grace;
  const period = parseHeartbeatPeriod(data);
  return period !== undefined ? period * BEATS_PER_GRACE : fallbackMs;
}
