/** Public face of src/net: the service view, the service proxy and the cluster DNS server. */
export type { ServiceTable, ServiceEntry, ServicePortEntry, ServiceEndpoint, ServiceAddress, ServiceType, L4Protocol, SessionAffinity } from './types.js';
export { serviceKey } from './types.js';
export { buildServiceTable, SERVICE_NAME_LABEL } from './service-view.js';
export type { ServiceViewInput } from './service-view.js';
export { proxyDefaults, dnsDefaults, DEFAULT_AFFINITY_TIMEOUT_SECONDS } from './defaults.js';
export type { NetLogger } from './logger.js';
export { silentNetLogger } from './logger.js';
export * from './proxy/index.js';
export * from './dns/index.js';
