/**
 * Which local-path volume directory this node's agent must remove: a PersistentVolume being
 * deleted, carrying the cleanup finalizer, whose node affinity names this node. Pure.
 */
import type { KubeObject } from '../../api/types.js';
import { HOSTNAME_LABEL, LOCAL_PATH_CLEANUP_FINALIZER } from '../../controllers/volume/constants.js';
import { provisionedDirectory } from '../../controllers/volume/provision.js';

/** The node a local volume lives on: its required `kubernetes.io/hostname In [node]` term. */
export function volumeNode(volume: KubeObject): string | undefined {
  const terms: Array<{ matchExpressions?: Array<{ key: string; operator: string; values?: string[] }> }> =
    volume.spec?.nodeAffinity?.required?.nodeSelectorTerms ?? [];
  for (const term of terms) {
    for (const e of term.matchExpressions ?? []) {
      if (e.key === HOSTNAME_LABEL && e.operator === 'In' && e.values?.length === 1) return e.values[0];
    }
  }
  return undefined;
}

export type Reclaim =
  | { kind: 'none' }
  /** Remove `path`, then the finalizer. */
  | { kind: 'remove'; path: string }
  /** The path is not one the provisioner made: leave the disk alone, drop the finalizer. */
  | { kind: 'release'; reason: string };

export function decideReclaim(volume: KubeObject, nodeName: string): Reclaim {
  if (!volume.metadata.deletionTimestamp) return { kind: 'none' };
  if (!(volume.metadata.finalizers ?? []).includes(LOCAL_PATH_CLEANUP_FINALIZER)) return { kind: 'none' };
  if (volumeNode(volume) !== nodeName) return { kind: 'none' };
  const path = provisionedDirectory(volume);
  if (!path) return { kind: 'release', reason: `path ${JSON.stringify(volume.spec?.hostPath?.path ?? '')} was not made by the local-path provisioner` };
  return { kind: 'remove', path };
}

/** The finalizers left once the cleanup is done. */
export function withoutCleanupFinalizer(volume: KubeObject): string[] {
  return (volume.metadata.finalizers ?? []).filter((f) => f !== LOCAL_PATH_CLEANUP_FINALIZER);
}
