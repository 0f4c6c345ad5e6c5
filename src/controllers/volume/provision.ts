/**
 * Dynamic provisioning for Tugboat's two built-in provisioners. A volume is a directory:
 * `local-path` on the node the scheduler picked (with a node affinity so the pod always
 * returns to its data), `shared` on a directory every host mounts (no affinity: the pod may
 * move anywhere). Directories cannot enforce a size: `capacity` is recorded, not enforced.
 * Pure: the PersistentVolume object only.
 */
import { posix } from 'node:path';
import type { KubeObject } from '../../api/types.js';
import {
  HOSTNAME_LABEL, LOCAL_PATH_CLEANUP_FINALIZER, LOCAL_PATH_PROVISIONER, PROVISIONED_BY_ANNOTATION, SHARED_PROVISIONER,
} from './constants.js';

export const PROVISIONERS: ReadonlySet<string> = new Set([LOCAL_PATH_PROVISIONER, SHARED_PROVISIONER]);
export const DEFAULT_LOCAL_STORAGE_DIR = '/var/lib/tugboat/storage';

/** Kubernetes names dynamically provisioned volumes after the claim's uid. */
export function provisionedVolumeName(claim: KubeObject): string {
  return `pvc-${claim.metadata.uid}`;
}

/** `<root>/<pv>_<namespace>_<claim>`: unique per volume, and readable to someone looking at the disk. */
export function volumeDirectory(root: string, volumeName: string, claim: KubeObject): string {
  return posix.join(root, `${volumeName}_${claim.metadata.namespace}_${claim.metadata.name}`);
}

/**
 * The directory of a volume this provisioner made (`<root>/<pv>_<namespace>_<claim>`), or
 * undefined for any other path: only such a directory is ever removed on reclaim, so a
 * hand-written PersistentVolume can never make Tugboat remove `/` or someone's home.
 */
export function provisionedDirectory(volume: KubeObject): string | undefined {
  const path: unknown = volume.spec?.hostPath?.path;
  if (typeof path !== 'string' || !posix.isAbsolute(path) || posix.normalize(path) !== path) return undefined;
  const base = posix.basename(path);
  return base.startsWith(`${volume.metadata.name}_`) && posix.dirname(path) !== '/' ? path : undefined;
}

export type Provisioned = { ok: true; volume: KubeObject } | { ok: false; message: string };

export function provisionedVolume(claim: KubeObject, storageClass: KubeObject, node: string | undefined): Provisioned {
  const provisioner: string = storageClass.provisioner as string;
  const local = provisioner === LOCAL_PATH_PROVISIONER;
  if (local && !node) {
    return { ok: false, message: `the ${provisioner} provisioner needs volumeBindingMode WaitForFirstConsumer: its volumes live on one node` };
  }
  const parameters = (storageClass.parameters ?? {}) as Record<string, string>;
  const root = parameters.path ?? (local ? DEFAULT_LOCAL_STORAGE_DIR : undefined);
  if (!root || !posix.isAbsolute(root)) {
    return { ok: false, message: `storageclass "${storageClass.metadata.name}" needs an absolute "path" parameter` };
  }
  const modes: string[] = claim.spec?.accessModes ?? [];
  if (local && modes.some((m) => m === 'ReadWriteMany' || m === 'ReadOnlyMany')) {
    return { ok: false, message: `the ${provisioner} provisioner supports ReadWriteOnce and ReadWriteOncePod only, not ${modes.join(', ')}` };
  }
  const name = provisionedVolumeName(claim);
  const reclaimPolicy = (storageClass.reclaimPolicy as string | undefined) ?? 'Delete';
  const volume: KubeObject = {
    apiVersion: 'v1', kind: 'PersistentVolume',
    metadata: {
      name,
      annotations: { [PROVISIONED_BY_ANNOTATION]: provisioner },
      // Only the agent of the volume's node can remove a local directory: the object waits for it.
      ...(local && reclaimPolicy === 'Delete' ? { finalizers: [LOCAL_PATH_CLEANUP_FINALIZER] } : {}),
    },
    spec: {
      capacity: { storage: claim.spec?.resources?.requests?.storage ?? '0' },
      accessModes: modes,
      persistentVolumeReclaimPolicy: reclaimPolicy,
      storageClassName: storageClass.metadata.name,
      volumeMode: claim.spec?.volumeMode ?? 'Filesystem',
      ...(storageClass.mountOptions ? { mountOptions: storageClass.mountOptions } : {}),
      hostPath: { path: volumeDirectory(root, name, claim), type: 'DirectoryOrCreate' },
      claimRef: {
        kind: 'PersistentVolumeClaim', apiVersion: 'v1', namespace: claim.metadata.namespace,
        name: claim.metadata.name, uid: claim.metadata.uid, resourceVersion: claim.metadata.resourceVersion,
      },
      ...(local ? {
        nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: HOSTNAME_LABEL, operator: 'In', values: [node] }] }] } },
      } : {}),
    },
  };
  return { ok: true, volume };
}
