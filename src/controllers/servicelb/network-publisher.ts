/**
 * Publishes the cluster's service network for agents (ConfigMap kube-system/tugboat-network)
 * and the Service users see for the cluster DNS (kube-system/kube-dns with the `.10` ClusterIP).
 * Level-triggered: re-checked every minute, so a deleted object comes back.
 */
import { resourceByKind } from '../../api/resources.js';
import type { KubeObject } from '../../api/types.js';
import { isAlreadyExists, isNotFound, sleep, type ApiClient } from '../../client/index.js';
import {
  KUBE_DNS_SERVICE, NETWORK_SETTINGS, kubeDnsService, networkSettingsConfigMap, networkSettingsData, type ClusterNetworkSettings,
} from '../../net/network-settings.js';
import type { Controller, ControllerContext } from '../runtime/controller.js';

const CONFIGMAPS = resourceByKind('v1', 'ConfigMap')!;
const SERVICES = resourceByKind('v1', 'Service')!;

/** Re-check period; also the retry delay after a failed write. */
export const NETWORK_PUBLISH_PERIOD_MS = 60_000;
const RETRY_MS = 1_000;

async function getOrUndefined(client: ApiClient, type: typeof CONFIGMAPS, namespace: string, name: string): Promise<KubeObject | undefined> {
  try {
    return await client.get(type, namespace, name);
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

async function createIgnoringRace(client: ApiClient, type: typeof CONFIGMAPS, object: KubeObject): Promise<void> {
  try {
    await client.create(type, object);
  } catch (err) {
    if (!isAlreadyExists(err)) throw err;
  }
}

export async function publishNetworkSettings(client: ApiClient, settings: ClusterNetworkSettings): Promise<void> {
  const data = networkSettingsData(settings);
  const cm = await getOrUndefined(client, CONFIGMAPS, NETWORK_SETTINGS.namespace, NETWORK_SETTINGS.name);
  if (!cm) await createIgnoringRace(client, CONFIGMAPS, networkSettingsConfigMap(settings));
  else if (JSON.stringify(cm.data ?? {}) !== JSON.stringify(data)) {
    await client.patch(CONFIGMAPS, NETWORK_SETTINGS.namespace, NETWORK_SETTINGS.name, { type: 'merge', body: { data } });
  }
  const svc = await getOrUndefined(client, SERVICES, KUBE_DNS_SERVICE.namespace, KUBE_DNS_SERVICE.name);
  if (svc && svc.spec?.clusterIP !== settings.clusterDNS) {
    // ClusterIP is immutable: a changed range means a new Service.
    await client.delete(SERVICES, KUBE_DNS_SERVICE.namespace, KUBE_DNS_SERVICE.name).catch((err: unknown) => { if (!isNotFound(err)) throw err; });
  }
  if (!svc || svc.spec?.clusterIP !== settings.clusterDNS) await createIgnoringRace(client, SERVICES, kubeDnsService(settings));
}

export function createNetworkPublisher(ctx: ControllerContext, settings: ClusterNetworkSettings): Controller {
  const log = ctx.logger.child({ controller: 'cluster-network' });
  return {
    name: 'cluster-network',
    async run(signal) {
      while (!signal.aborted) {
        let wait = NETWORK_PUBLISH_PERIOD_MS;
        try {
          await publishNetworkSettings(ctx.client, settings);
        } catch (err) {
          log.warn({ err: err instanceof Error ? err.message : String(err) }, 'publishing the cluster network settings failed; retrying');
          wait = RETRY_MS;
        }
        await sleep(ctx.clock, wait, signal);
      }
    },
  };
}
