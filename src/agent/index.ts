/** Public face of the node agent (see README.md). */
export { startAgent, type Agent, type AgentOptions } from './agent.js';
export { AGENT_DEFAULTS, RESTART_DEFAULTS, PROBE_DEFAULTS, NODE_PRESSURE_DEFAULTS, MAX_RESTART_BACKOFF_ANNOTATION } from './defaults.js';
export { decidePodActions } from './pod/decide.js';
export type { PodSnapshot, PodDecision, PodAction, PodEvent, PodMemory } from './pod/snapshot.js';
export type { Pod, PodStatus, ContainerStatus, PodCondition } from './pod/pod-types.js';
export { buildNode, type HostFacts, type NodeOptions } from './node/node-object.js';
export { computeNodeConditions, type HostReadings, type NodeCondition } from './node/node-conditions.js';
export { buildLease, microTime, NODE_LEASE_NAMESPACE } from './node/lease.js';
export { readHostFacts, readHostReadings } from './node/host-facts.js';
export { createProberManager, type ProberManager } from './probes/prober.js';
export { silentLogger, type AgentLogger } from './logger.js';
export { AGENT_LABELS, containerLabels, identityOf, podSelector, MANAGED_SELECTOR } from './container-labels.js';
export { openPodLogs, openPodExec, containerNameFor, type PodLogRequest, type StreamResult } from './pod-streams.js';
