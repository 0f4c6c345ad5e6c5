/**
 * The garbage collector's decision for one object, in both of its roles (Kubernetes'
 * attemptToDeleteItem / processDeletingDependentsItem / orphanDependents, simplified):
 * - as a dependent: when none of its owners is alive any more, delete it; when some are
 *   alive and others are gone or being deleted in the foreground, drop the dead refs;
 * - as an owner being deleted: with the `orphan` finalizer, strip the refs to it from its
 *   dependents then remove the finalizer; with `foregroundDeletion`, remove the finalizer
 *   once no dependent blocks (blockOwnerDeletion) any more.
 * Pure: the shell resolves each owner's state (cache, then a live GET) before calling.
 */
import type { KubeObject, OwnerReference } from '../../api/types.js';

export const FOREGROUND_FINALIZER = 'foregroundDeletion';
export const ORPHAN_FINALIZER = 'orphan';

/**
 * - absent: no object with the reference's uid exists (a same-name object with another uid
 *   is a different object, so its owner is still absent);
 * - waiting: the owner is being deleted in the foreground and waits for its dependents;
 * - live: anything else, including an owner being deleted with other finalizers.
 */
export type OwnerState = 'absent' | 'waiting' | 'live';

export interface GcSnapshot {
  object: KubeObject;
  /** One entry per ownerReference of `object`. */
  owners: Array<{ ref: OwnerReference; state: OwnerState }>;
  /** Objects whose ownerReferences name `object`'s uid. */
  dependents: KubeObject[];
}

export type GcAction =
  | { type: 'delete'; propagation: 'Background' | 'Foreground' }
  | { type: 'removeOwnerRefs'; uids: string[] }
  | { type: 'orphan'; dependent: KubeObject }
  | { type: 'removeFinalizer'; finalizer: typeof FOREGROUND_FINALIZER | typeof ORPHAN_FINALIZER };

export function isDeletingDependents(object: KubeObject): boolean {
  return Boolean(object.metadata.deletionTimestamp) && (object.metadata.finalizers ?? []).includes(FOREGROUND_FINALIZER);
}

export function isOrphaning(object: KubeObject): boolean {
  return Boolean(object.metadata.deletionTimestamp) && (object.metadata.finalizers ?? []).includes(ORPHAN_FINALIZER);
}

function refTo(dependent: KubeObject, ownerUid: string | undefined): OwnerReference | undefined {
  return (dependent.metadata.ownerReferences ?? []).find((r) => r.uid === ownerUid);
}

/** What to do about `object` as a dependent of its owners. */
export function decideAsDependent(snapshot: GcSnapshot): GcAction[] {
  const { object, owners } = snapshot;
  if (owners.length === 0 || object.metadata.deletionTimestamp) return [];
  const live = owners.filter((o) => o.state === 'live');
  const dead = owners.filter((o) => o.state !== 'live');
  if (dead.length === 0) return [];
  if (live.length > 0) return [{ type: 'removeOwnerRefs', uids: dead.map((o) => o.ref.uid) }];
  // No live owner left. An owner waiting in the foreground wants the whole subtree gone
  // before it goes, so a dependent that owns things is itself deleted in the foreground.
  const ownerWaits = owners.some((o) => o.state === 'waiting');
  const propagation = ownerWaits && snapshot.dependents.length > 0 ? 'Foreground' : 'Background';
  return [{ type: 'delete', propagation }];
}

/** What to do about `object` as an owner that is being deleted with a GC finalizer. */
export function decideAsOwner(snapshot: GcSnapshot): GcAction[] {
  const { object, dependents } = snapshot;
  const uid = object.metadata.uid;
  if (isOrphaning(object)) {
    const actions: GcAction[] = dependents.filter((d) => refTo(d, uid)).map((dependent) => ({ type: 'orphan' as const, dependent }));
    actions.push({ type: 'removeFinalizer', finalizer: ORPHAN_FINALIZER });
    return actions;
  }
  if (isDeletingDependents(object)) {
    const blocking = dependents.filter((d) => refTo(d, uid)?.blockOwnerDeletion === true);
    return blocking.length === 0 ? [{ type: 'removeFinalizer', finalizer: FOREGROUND_FINALIZER }] : [];
  }
  return [];
}

/** Both roles; the owner role first, so an orphaning owner never deletes what it keeps. */
export function decideGc(snapshot: GcSnapshot): GcAction[] {
  return [...decideAsOwner(snapshot), ...decideAsDependent(snapshot)];
}

/** Dependents an owner waiting in the foreground still has to see deleted. */
export function pendingDependents(owner: KubeObject, dependents: KubeObject[]): KubeObject[] {
  return isDeletingDependents(owner) ? dependents.filter((d) => !d.metadata.deletionTimestamp) : [];
}
