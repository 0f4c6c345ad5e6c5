/** Reads the published network settings (ConfigMap kube-system/tugboat-network), waiting until the server wrote them. */
import type { ApiClient, ResourceType } from '../../client/types.js';
import { sleep, type Clock } from '../../client/clock.js';
import { NETWORK_SETTINGS, parseNetworkSettings, type ClusterNetworkSettings } from '../../net/network-settings.js';
import type { AgentLogger } from '../logger.js';

const CONFIG_MAPS: ResourceType = { group: '', version: 'v1', resource: 'configmaps', kind: 'ConfigMap', namespaced: true };

/** Poll period while the ConfigMap is missing (the server writes it once its controllers run). */
export const SETTINGS_POLL_MS = 1_000;

export async function readNetworkSettings(client: ApiClient): Promise<ClusterNetworkSettings | undefined> {
  const cm = await client.get(CONFIG_MAPS, NETWORK_SETTINGS.namespace, NETWORK_SETTINGS.name).catch(() => undefined);
  return parseNetworkSettings(cm?.data as Record<string, string> | undefined);
}

export async function waitForNetworkSettings(options: { client: ApiClient; clock: Clock; logger: AgentLogger; signal: AbortSignal }): Promise<ClusterNetworkSettings | undefined> {
  for (let attempt = 0; !options.signal.aborted; attempt++) {
    const settings = await readNetworkSettings(options.client);
    if (settings) return settings;
    // Said once after ~10 s, not on every poll.
    if (attempt === 10) options.logger.warn({ configMap: `${NETWORK_SETTINGS.namespace}/${NETWORK_SETTINGS.name}` }, 'cluster network settings not published yet; Services wait for them');
    await sleep(options.clock, SETTINGS_POLL_MS, options.signal);
  }
  return undefined;
}
