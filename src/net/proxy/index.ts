export { createProxy } from './proxy.js';
export type { ProxyOptions, ServiceProxy, SyncResult, DrainState, DrainEntry, ListenerInfo, ListenerFailure } from './proxy.js';
export { planListeners, listenerKey, endpointKey } from './plan.js';
export type { ListenerSpec, ListenerPlan, PlanProblem, AffinityPolicy, ProxyProtocol } from './plan.js';
export { Balancer } from './balancer.js';
export { parseCidr, cidrContains, parseIpv4 } from '../../api/cidr.js';
export { createNftProxy, runNftBinary } from './nft/nft-proxy.js';
export type { NftProxyOptions, NftOutcome } from './nft/nft-proxy.js';
export { renderNftRuleset } from './nft/ruleset.js';
