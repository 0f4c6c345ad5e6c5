/** Agent-side fencing (issue 5): see fence.ts. */
export { createFence, FENCED_RECHECK_MS, type Fence, type FenceOptions, type FenceState } from './fence.js';
export { AT_MOST_ONCE_ANNOTATION, isAtMostOnce, isFenced, fenceDueMs, containersToStopWhenFenced, atMostOnceUids, planRecovery, type RecoveryPlan } from './decide.js';
export { loadFenceMemory, saveFenceMemory, parseFenceMemory, type FenceMemory } from './fence-file.js';
export { graceFromSettings } from './settings.js';
