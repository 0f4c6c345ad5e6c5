/** The agent's Services component: proxy + cluster DNS fed from informers (see node-network.ts). */
export { startNodeNetwork, proxyEntry, type NodeNetwork, type NodeNetworkOptions, type ServiceProxyMode } from './node-network.js';
export { createServiceSync, filterTable, type ServiceSync, type ServiceSyncOptions, type ObjectSource } from './service-sync.js';
export { podDns, type ContainerDns, type PodDnsInput } from './pod-dns.js';
export { withPodDns, type PodDnsLookup } from './dns-runtime.js';
export { makeRangeLocal, localRouteArgs, enableRouteLocalnet, type RouteOutcome } from './local-route.js';
export { readNetworkSettings, waitForNetworkSettings } from './settings-source.js';
