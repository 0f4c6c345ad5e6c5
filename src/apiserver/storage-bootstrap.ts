/**
 * The StorageClasses every cluster has: `local-path` (the default: a directory on the node
 * the first consumer lands on) and, when the server was given a shared directory, `shared`
 * (a directory every host mounts, NFS in production: volumes follow their workload).
 * Created when missing at control-plane start; an existing class is never changed, so an
 * administrator may replace one (delete and recreate it with other parameters).
 */
import { resourceByKind } from '../api/resources.js';
import type { KubeObject } from '../api/types.js';
import { isAlreadyExists, type ApiClient } from '../client/index.js';

export interface StorageSettings {
  /** Root of local-path volumes on every node (absolute). */
  localStorageDir: string;
  /** A directory every host mounts at the same path; no `shared` class without it. */
  sharedStorageDir?: string;
}

export const DEFAULT_STORAGE_SETTINGS: StorageSettings = { localStorageDir: '/var/lib/tugboat/storage' };

const STORAGE_CLASSES = resourceByKind('storage.k8s.io/v1', 'StorageClass')!;

export function defaultStorageClasses(settings: StorageSettings): KubeObject[] {
  const classes: KubeObject[] = [{
    apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass',
    metadata: { name: 'local-path', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
    provisioner: 'tugboat.io/local-path',
    parameters: { path: settings.localStorageDir },
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'WaitForFirstConsumer',
    allowVolumeExpansion: true,
  }];
  if (settings.sharedStorageDir) {
    classes.push({
      apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass',
      metadata: { name: 'shared' },
      provisioner: 'tugboat.io/shared',
      parameters: { path: settings.sharedStorageDir },
      reclaimPolicy: 'Delete',
      volumeBindingMode: 'Immediate',
      allowVolumeExpansion: true,
    });
  }
  return classes;
}

export async function ensureDefaultStorageClasses(client: ApiClient, settings: StorageSettings): Promise<void> {
  for (const sc of defaultStorageClasses(settings)) {
    try {
      await client.create(STORAGE_CLASSES, sc);
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
    }
  }
}
