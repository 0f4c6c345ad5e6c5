/**
 * Pure: the runtime mounts of one container. Every managed volume is bind-mounted from its
 * path in the layout (layout.ts); content volumes (configMap, secret, downwardAPI,
 * projected) are always read-only, as in Kubernetes. The volume *directory* is mounted, so
 * the atomic `..data` swap shows inside the container; a `subPath` mount resolves to one
 * file or directory at start and does not follow later updates (Kubernetes behaves the same).
 *
 * emptyDir with medium Memory is a bind mount of the pod's directory on the host's memory
 * filesystem (layout.ts), for one container or several: its content lives as long as the
 * pod, so it survives a container restart as Kubernetes promises, and the sizeLimit is
 * enforced by eviction. (A Docker tmpfs per container would enforce the size in the kernel
 * but lose the content whenever that container restarts.)
 */
import path from 'node:path';
import type { Mount } from '../runtime/runtime.js';
import type { Container, Pod } from '../pod/pod-types.js';
import { classifyVolume, isContentKind, type VolumeSource } from './classify.js';
import { volumePath } from './layout.js';

export interface MountInput {
  pod: Pod;
  container: Container;
  dataDir: string;
}

export function planMounts(input: MountInput): Mount[] {
  const { pod, container, dataDir } = input;
  const uid = pod.metadata.uid ?? '';
  const volumes = new Map((pod.spec.volumes ?? []).map((v) => [v.name, classifyVolume(v)]));
  const mounts: Mount[] = [];
  for (const m of container.volumeMounts ?? []) {
    const source = volumes.get(m.name);
    if (!source) continue;
    const base = hostPathOf(source, dataDir, uid, m.name);
    if (base === undefined) continue;
    const readOnly = m.readOnly === true || isContentKind(source.kind) || (source.kind === 'persistentVolumeClaim' && source.readOnly);
    const mount: Mount = { hostPath: m.subPath ? path.join(base, m.subPath) : base, containerPath: m.mountPath, ...(readOnly ? { readOnly: true } : {}) };
    mounts.push(mount);
  }
  return mounts;
}

function hostPathOf(source: VolumeSource, dataDir: string, uid: string, name: string): string | undefined {
  switch (source.kind) {
    case 'hostPath': return source.path;
    case 'unsupported': return undefined;
    default: return volumePath(dataDir, uid, source.kind, name);
  }
}
