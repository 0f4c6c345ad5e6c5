/** The node lifecycle controller: Lease heartbeats → Ready=Unknown → taints → eviction. */
export { createNodeLifecycleController, NODE_LEASE_NAMESPACE } from './controller.js';
export type { NodeLifecycleControllerOptions } from './controller.js';
export { NODE_LIFECYCLE_DEFAULTS, NODE_LIFECYCLE_WORKERS } from './defaults.js';
export type { NodeLifecycleOptions } from './defaults.js';
export { reconcileNode, assessNode } from './reconcile.js';
export type { NodeDecision, NodeSnapshot, NodeHealth } from './reconcile.js';
export { disruptionMode, admitNoExecute } from './disruption.js';
export type { DisruptionMode, EvictionLimiterState } from './disruption.js';
export { UNREACHABLE_TAINT_KEY, NOT_READY_TAINT_KEY } from './taints.js';
export { AT_MOST_ONCE_ANNOTATION } from './eviction.js';
