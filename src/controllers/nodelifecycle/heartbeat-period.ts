/** Publishes the heartbeat period agents must use, derived from this controller's grace, and the grace itself (for fencing). */
import { HEARTBEAT_GRACE_KEY, HEARTBEAT_SETTINGS, heartbeatPeriodForGrace } from '../../api/heartbeat-settings.js';
import { resourceByKind } from '../../api/resources.js';
import { isAlreadyExists, isNotFound, type ApiClient } from '../../client/index.js';

const CONFIGMAPS = resourceByKind('v1', 'ConfigMap')!;

export async function publishHeartbeatPeriod(client: ApiClient, graceMs: number): Promise<number> {
  const periodMs = heartbeatPeriodForGrace(graceMs);
  // The grace goes along: agents fence themselves after it (src/agent/fencing).
  const data = { [HEARTBEAT_SETTINGS.key]: String(periodMs), [HEARTBEAT_GRACE_KEY]: String(graceMs) };
  try {
    await client.patch(CONFIGMAPS, HEARTBEAT_SETTINGS.namespace, HEARTBEAT_SETTINGS.name, { type: 'merge', body: { data } });
  } catch (err) {
    if (!isNotFound(err)) throw err;
    try {
      await client.create(CONFIGMAPS, {
        apiVersion: 'v1', kind: 'ConfigMap',
        metadata: { name: HEARTBEAT_SETTINGS.name, namespace: HEARTBEAT_SETTINGS.namespace },
        data,
      });
    } catch (createErr) {
      if (!isAlreadyExists(createErr)) throw createErr;
    }
  }
  return periodMs;
}
