/**
 * The grace after which this agent fences itself: the one the node lifecycle controller
 * published (kube-node-lease/tugboat-heartbeat, key graceMs), else the published period ×
 * BEATS_PER_GRACE, else the fallback. Agent and controller must agree on it: the controller
 * replaces at-most-once pods only a margin after the agent has fenced by this grace.
 */
import type { ApiClient, ResourceType } from '../../client/types.js';
import { isNotFound } from '../../client/errors.js';
import { BEATS_PER_GRACE, HEARTBEAT_SETTINGS, parseHeartbeatGrace, parseHeartbeatPeriod } from '../../api/heartbeat-settings.js';

const CONFIGMAPS: ResourceType = { group: '', version: 'v1', resource: 'configmaps', kind: 'ConfigMap', namespaced: true };

/** Pure: the grace from the settings' data. */
export function graceFromSettings(data: Record<string, string> | undefined, fallbackMs: number): number {
  const grace = parseHeartbeatGrace(data);
  if (grace !== undefined) return grace;
  const period = parseHeartbeatPeriod(data);
  return period !== undefined ? period * BEATS_PER_GRACE : fallbackMs;
}

export async function readFenceGraceMs(client: ApiClient, fallbackMs: number): Promise<number> {
  try {
    const settings = await client.get(CONFIGMAPS, HEARTBEAT_SETTINGS.namespace, HEARTBEAT_SETTINGS.name);
    return graceFromSettings(settings.data as Record<string, string> | undefined, fallbackMs);
  } catch (err) {
    if (isNotFound(err)) return fallbackMs;
    throw err;
  }
}
