/** Fixture builders for volume tests: aClaim, aVolume, aClass. */
import type { KubeObject } from '../../../src/api/types.js';

export function aClaim(opts: {
  name?: string; namespace?: string; uid?: string; className?: string | null; storage?: string; modes?: string[];
  volumeName?: string; phase?: string; annotations?: Record<string, string>; selector?: unknown; status?: unknown;
} = {}): KubeObject {
  const name = opts.name ?? 'data';
  return {
    apiVersion: 'v1', kind: 'PersistentVolumeClaim',
    metadata: {
      name, namespace: opts.namespace ?? 'default', uid: opts.uid ?? `uid-${name}`, resourceVersion: '5',
      creationTimestamp: '2026-01-01T00:00:00Z', ...(opts.annotations ? { annotations: opts.annotations } : {}),
    },
    spec: {
      accessModes: opts.modes ?? ['ReadWriteOnce'],
      resources: { requests: { storage: opts.storage ?? '1Gi' } },
      volumeMode: 'Filesystem',
      ...(opts.className === null ? {} : { storageClassName: opts.className ?? 'local-path' }),
      ...(opts.volumeName ? { volumeName: opts.volumeName } : {}),
      ...(opts.selector ? { selector: opts.selector } : {}),
    },
    ...(opts.status ? { status: opts.status } : opts.phase ? { status: { phase: opts.phase } } : {}),
  };
}

export function aVolume(name: string, opts: {
  storage?: string; modes?: string[]; className?: string; claimRef?: Record<string, string>; phase?: string; policy?: string;
  labels?: Record<string, string>; node?: string; provisioner?: string; path?: string; finalizers?: string[]; deleting?: boolean;
} = {}): KubeObject {
  return {
    apiVersion: 'v1', kind: 'PersistentVolume',
    metadata: {
      name, uid: `uid-${name}`, resourceVersion: '7',
      ...(opts.labels ? { labels: opts.labels } : {}),
      ...(opts.provisioner ? { annotations: { 'pv.kubernetes.io/provisioned-by': opts.provisioner } } : {}),
      ...(opts.finalizers ? { finalizers: opts.finalizers } : {}),
      ...(opts.deleting ? { deletionTimestamp: '2026-01-01T00:01:00Z' } : {}),
    },
    spec: {
      capacity: { storage: opts.storage ?? '1Gi' },
      accessModes: opts.modes ?? ['ReadWriteOnce'],
      persistentVolumeReclaimPolicy: opts.policy ?? 'Retain',
      volumeMode: 'Filesystem',
      hostPath: { path: opts.path ?? `/srv/${name}` },
      ...(opts.className !== undefined ? { storageClassName: opts.className } : {}),
      ...(opts.claimRef ? { claimRef: opts.claimRef } : {}),
      ...(opts.node ? {
        nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [opts.node] }] }] } },
      } : {}),
    },
    status: { phase: opts.phase ?? 'Available' },
  };
}

export function aClass(name: string, opts: { provisioner?: string; mode?: string; isDefault?: boolean; path?: string; created?: string; policy?: string } = {}): KubeObject {
  return {
    apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass',
    metadata: {
      name, uid: `uid-sc-${name}`, creationTimestamp: opts.created ?? '2026-01-01T00:00:00Z',
      ...(opts.isDefault ? { annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } } : {}),
    },
    provisioner: opts.provisioner ?? 'tugboat.io/local-path',
    parameters: { path: opts.path ?? '/var/lib/tugboat/storage' },
    reclaimPolicy: opts.policy ?? 'Delete',
    volumeBindingMode: opts.mode ?? 'WaitForFirstConsumer',
  };
}

export const LOCAL = aClass('local-path', { isDefault: true });
export const SHARED = aClass('shared', { provisioner: 'tugboat.io/shared', mode: 'Immediate', path: '/mnt/shared' });
