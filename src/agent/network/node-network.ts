/**
 * startNodeNetwork: the agent's Services component (architecture §7). It reads the cluster's
 * network settings, makes the service range local on this host, runs the service proxy
 * (userspace or nftables) fed from Service + EndpointSlice informers, and the cluster DNS on
 * `<clusterDNS>:53`. Start-up problems (no root for the route, port 53 taken) are warnings:
 * the agent keeps running pods, Services are then reachable through NodePorts only.
 */
import type { ApiClient, ResourceType } from '../../client/types.js';
import { createInformer, type Informer } from '../../client/informer.js';
import { realClock, sleep, type Clock } from '../../client/clock.js';
import {
  createDnsServer, createNftProxy, createProxy, type DnsServer, type DrainState, type ServiceEntry, type ServiceProxy,
} from '../../net/index.js';
import { isLoopbackAddress, isLoopbackRange, type ClusterNetworkSettings } from '../../net/network-settings.js';
import { silentLogger, type AgentLogger } from '../logger.js';
import { enableRouteLocalnet, makeRangeLocal, type RouteOutcome } from './local-route.js';
import { podDns, type ContainerDns, type PodDnsInput } from './pod-dns.js';
import { createServiceSync, type ObjectSource, type ServiceSync } from './service-sync.js';
import { waitForNetworkSettings } from './settings-source.js';

export type ServiceProxyMode = 'userspace' | 'nft';

const SERVICES: ResourceType = { group: '', version: 'v1', resource: 'services', kind: 'Service', namespaced: true };
const ENDPOINT_SLICES: ResourceType = { group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices', kind: 'EndpointSlice', namespaced: true };

/** Retry period for the DNS server's sockets when they could not be bound. */
const DNS_RETRY_MS = 5_000;

export interface NodeNetworkOptions {
  client: ApiClient;
  nodeName: string;
  /** The host address: NodePorts listen here. */
  nodeAddress: string;
  proxyMode?: ServiceProxyMode;
  /** Fixed settings (tests); default: read from ConfigMap kube-system/tugboat-network. */
  settings?: ClusterNetworkSettings;
  /** DNS port; 53 unless a test picks another. */
  dnsPort?: number;
  /** Upstream resolvers for names outside the cluster domain; default /etc/resolv.conf. */
  dnsUpstream?: string[];
  makeRangeLocal?: (serviceCIDR: string) => Promise<RouteOutcome>;
  clock?: Clock;
  logger?: AgentLogger;
}

export interface NodeNetwork {
  /** Settings read, route and DNS attempted, first proxy sync applied (or close() was called). */
  ready: Promise<void>;
  /** Newest EndpointSlice resourceVersion whose state the proxy has applied (see service-sync.ts). */
  appliedRevision(): string | undefined;
  /** Connections per endpoint, for draining before a container stops (undefined before start). */
  drainState(): DrainState | undefined;
  settings(): ClusterNetworkSettings | undefined;
  /** The resolver for a pod's containers; waits for the settings (bounded) so early pods get it too. */
  podDns(pod: PodDnsInput): Promise<ContainerDns | undefined>;
  close(): Promise<void>;
}

/** How long a container create waits for the settings before falling back to the host resolver. */
const POD_DNS_SETTINGS_WAIT_MS = 5_000;

function sourceOf(informer: Informer): ObjectSource {
  return {
    list: () => informer.cache.list(),
    subscribe: (onChange) => { informer.addEventHandler({ onAdd: onChange, onUpdate: onChange, onDelete: onChange }); },
    resourceVersion: () => informer.lastResourceVersion(),
  };
}

export function startNodeNetwork(options: NodeNetworkOptions): NodeNetwork {
  const clock = options.clock ?? realClock;
  const logger = options.logger ?? silentLogger;
  const abort = new AbortController();
  const { signal } = abort;
  let settings: ClusterNetworkSettings | undefined = options.settings;
  let resolveSettings!: () => void;
  const settingsKnown = new Promise<void>((resolve) => { resolveSettings = resolve; });
  let proxy: ServiceProxy | undefined;
  let dns: DnsServer | undefined;
  let sync: ServiceSync | undefined;
  const loops: Array<Promise<unknown>> = [];

  /** One try to listen; false (after a warning) when the sockets cannot be bound. */
  async function tryDns(current: ClusterNetworkSettings, serviceSync: ServiceSync, warn: boolean): Promise<boolean> {
    try {
      const server = await createDnsServer({
        address: current.clusterDNS, port: options.dnsPort ?? 53, clusterDomain: current.clusterDomain,
        upstream: options.dnsUpstream, table: () => serviceSync.table(), logger,
      });
      if (signal.aborted) await server.close();
      else {
        dns = server;
        logger.info({ address: `${current.clusterDNS}:${server.port}` }, 'cluster DNS listening');
      }
      return true;
    } catch (err) {
      if (warn) logger.warn({ err: err instanceof Error ? err.message : String(err), address: current.clusterDNS, retryInMs: DNS_RETRY_MS }, 'cluster DNS cannot listen; retrying');
      return false;
    }
  }

  async function retryDns(current: ClusterNetworkSettings, serviceSync: ServiceSync): Promise<void> {
    while (!signal.aborted) {
      await sleep(clock, DNS_RETRY_MS, signal);
      if (signal.aborted || await tryDns(current, serviceSync, false)) return;
    }
  }

  async function run(): Promise<void> {
    settings ??= await waitForNetworkSettings({ client: options.client, clock, logger, signal });
    resolveSettings();
    if (!settings || signal.aborted) return;
    const current = settings;
    const route = await (options.makeRangeLocal ?? makeRangeLocal)(current.serviceCIDR);
    const clusterIPsLocal = route.ok;
    if (!route.ok) {
      logger.warn({ serviceCIDR: current.serviceCIDR, err: route.message },
        'cannot make the service range local (needs root): ClusterIPs and the cluster DNS are not served on this host; Services are reachable through NodePorts only');
    }
    if (options.proxyMode === 'nft' && isLoopbackAddress(options.nodeAddress)) {
      const localnet = await enableRouteLocalnet();
      if (!localnet.ok) logger.warn({ err: localnet.message }, 'cannot enable route_localnet: containers cannot reach Services through kernel forwarding');
    }
    const proxyOptions = { nodeAddress: options.nodeAddress, clusterIPRange: current.serviceCIDR, logger };
    proxy = options.proxyMode === 'nft' ? createNftProxy(proxyOptions) : createProxy(proxyOptions);
    const serviceInformer = createInformer(options.client, SERVICES, { clock, onError: (err) => logger.warn({ err }, 'service watch failed') });
    const sliceInformer = createInformer(options.client, ENDPOINT_SLICES, { clock, onError: (err) => logger.warn({ err }, 'endpointslice watch failed') });
    const activeProxy = proxy;
    sync = createServiceSync({
      services: sourceOf(serviceInformer), endpointSlices: sourceOf(sliceInformer), logger,
      apply: (table) => activeProxy.sync(table).then((result) => {
        for (const f of result.failed) logger.warn({ listener: f.key, service: f.service, err: f.message }, 'service listener cannot bind');
        return result;
      }),
      proxyFilter: (entry) => proxyEntry(entry, current, clusterIPsLocal),
    });
    loops.push(serviceInformer.run(signal), sliceInformer.run(signal));
    if (!(await serviceInformer.waitForSync(signal)) || !(await sliceInformer.waitForSync(signal))) return;
    await sync.start();
    // A DNS that cannot bind (port 53 taken) must not hold up the proxy: retried in the background.
    if ((clusterIPsLocal || isLoopbackAddress(current.clusterDNS)) && !(await tryDns(current, sync, true))) loops.push(retryDns(current, sync));
    logger.info({ serviceCIDR: current.serviceCIDR, dns: current.clusterDNS, mode: options.proxyMode ?? 'userspace', services: sync.table().size }, 'service proxy ready');
  }

  const ready = run().catch((err: unknown) => {
    logger.error({ err: err instanceof Error ? err.message : String(err) }, 'node network failed to start');
  });

  return {
    ready,
    appliedRevision: () => sync?.appliedRevision(),
    drainState: () => proxy?.drainState(),
    settings: () => settings,
    async podDns(pod) {
      if (!settings) await Promise.race([settingsKnown, sleep(clock, POD_DNS_SETTINGS_WAIT_MS, signal)]);
      return podDns(pod, settings);
    },
    async close() {
      abort.abort();
      resolveSettings();
      await ready;
      sync?.stop();
      await Promise.allSettled(loops);
      await dns?.close();
      await proxy?.close();
    },
  };
}

/**
 * What the proxy serves of an entry: not the cluster DNS' own address (the DNS server binds it),
 * and no ClusterIP listeners when the range could not be made local (they could not bind).
 */
export function proxyEntry(entry: ServiceEntry, settings: ClusterNetworkSettings, clusterIPsLocal: boolean): ServiceEntry | undefined {
  if (entry.clusterIP === settings.clusterDNS) return undefined;
  if (!clusterIPsLocal && !isLoopbackRange(settings.serviceCIDR) && entry.clusterIP !== undefined) {
    const { clusterIP: _unused, ...rest } = entry;
    return rest;
  }
  return entry;
}


