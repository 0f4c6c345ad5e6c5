/** Multi-host test harness: hosts as Linux network namespaces on a private bridge (see README.md). */
export { createHostNetwork, type HostNetwork, type HostNetworkOptions } from './network.js';
export type { Host, ExecOptions } from './host.js';
export type { RunOptions, RunResult } from './command.js';
export { hostNetworkSupport, hostNetworkRequired, type HostNetworkSupport } from './support.js';
export { describeWithHostNetwork } from './describe-hosts.js';
export { cleanupScriptPath } from './cleanup.js';
export { planNetwork, ownerPidOf, FIRST_HOST_OCTET, type NetworkPlan, type HostPlan } from './plan.js';
export { startHttpServer, httpGet, type HttpProbe } from './probes.js';
