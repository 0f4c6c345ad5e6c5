/** DaemonSet controller: one pod per eligible node, rolling updates with maxUnavailable. */
export { createDaemonSetController } from './controller.js';
export { reconcileDaemonSet, statusChanged, REVISION_HASH_LABEL } from './reconcile.js';
export type { DaemonSetDecision, DaemonSetSnapshot, DaemonSetStatus } from './reconcile.js';
export { placementOn, withDaemonTolerations, DAEMON_TOLERATIONS } from './placement.js';
export type { Placement } from './placement.js';
export { resolveMaxUnavailable, oldPodsToDelete, DEFAULT_MAX_UNAVAILABLE } from './rolling.js';
export { daemonPodFor } from './pod-template.js';
