/** Garbage collector: cascading deletion through ownerReferences (Background, Foreground, Orphan). */
export { createGarbageCollector, GC_RESOURCES } from './controller.js';
export { decideGc, decideAsDependent, decideAsOwner, FOREGROUND_FINALIZER, ORPHAN_FINALIZER } from './decide.js';
export type { GcAction, GcSnapshot, OwnerState } from './decide.js';
export { OwnershipGraph } from './graph.js';
