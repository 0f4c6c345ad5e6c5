/**
 * The decision for one PersistentVolume: its phase (Available, Bound, Released, Failed) and,
 * once its claim is gone, the reclaim policy: Retain keeps it Released; Delete deletes the
 * object (a local-path volume keeps a finalizer until its node's agent removed the
 * directory; a shared volume's directory is removed by the controller first). Pure.
 */
import type { KubeObject } from '../../api/types.js';
import { LOCAL_PATH_PROVISIONER, PROVISIONED_BY_ANNOTATION, SHARED_PROVISIONER } from './constants.js';
import { provisionedDirectory } from './provision.js';

export interface VolumeSnapshot {
  volume: KubeObject;
  /** The claim named by the volume's claimRef, if it exists. */
  claim: KubeObject | undefined;
}

export type VolumePhase = 'Pending' | 'Available' | 'Bound' | 'Released' | 'Failed';

export type VolumeAction =
  | { kind: 'volumeStatus'; phase: VolumePhase; message?: string; reason?: string }
  /** Remove the directory of a shared volume (the server sees the shared directory). */
  | { kind: 'removeSharedDirectory'; path: string }
  | { kind: 'delete' }
  | { kind: 'event'; type: 'Normal' | 'Warning'; reason: string; message: string };

function phaseIfChanged(volume: KubeObject, phase: VolumePhase, message?: string, reason?: string): VolumeAction[] {
  const cur = volume.status ?? {};
  if (cur.phase === phase && (cur.message ?? undefined) === message && (cur.reason ?? undefined) === reason) return [];
  return [{ kind: 'volumeStatus', phase, ...(message ? { message } : {}), ...(reason ? { reason } : {}) }];
}

/** Whether the claim the volume was bound to is gone (deleted, or replaced by a new claim of the same name). */
export function claimGone(volume: KubeObject, claim: KubeObject | undefined): boolean {
  const ref = volume.spec?.claimRef;
  if (!ref?.uid) return false; // pre-bound by name only: waits for its claim
  return !claim || claim.metadata.uid !== ref.uid;
}

export function decideVolume(snapshot: VolumeSnapshot): VolumeAction[] {
  const { volume, claim } = snapshot;
  if (volume.metadata.deletionTimestamp) return [];
  const ref = volume.spec?.claimRef;
  if (!ref) return volume.status?.phase === 'Failed' ? [] : phaseIfChanged(volume, 'Available');
  if (!claimGone(volume, claim)) {
    return phaseIfChanged(volume, ref.uid && claim?.spec?.volumeName === volume.metadata.name ? 'Bound' : 'Available');
  }
  if (volume.status?.phase === 'Failed') return [];

  const policy: string = volume.spec?.persistentVolumeReclaimPolicy ?? 'Retain';
  if (policy === 'Retain') return phaseIfChanged(volume, 'Released');
  if (policy === 'Recycle') {
    const message = 'Recycle is deprecated and not supported; use Delete or Retain';
    return [...phaseIfChanged(volume, 'Failed', message), { kind: 'event', type: 'Warning', reason: 'VolumeFailedRecycle', message }];
  }
  const provisioner = volume.metadata.annotations?.[PROVISIONED_BY_ANNOTATION];
  const released = phaseIfChanged(volume, 'Released');
  if (provisioner === LOCAL_PATH_PROVISIONER) return [...released, { kind: 'delete' }];
  const directory = provisionedDirectory(volume);
  if (provisioner === SHARED_PROVISIONER && directory) {
    return [...released, { kind: 'removeSharedDirectory', path: directory }, { kind: 'delete' }];
  }
  const message = `error getting deleter volume plugin for volume "${volume.metadata.name}": no deletable volume plugin matched`;
  return [...phaseIfChanged(volume, 'Failed', message), { kind: 'event', type: 'Warning', reason: 'VolumeFailedDelete', message }];
}
