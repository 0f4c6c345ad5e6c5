/**
 * Pure: the runtime mounts of one container. Every managed volume is bind-mounted from its
 * path in the layout (layout.ts); content volumes (configMap, secret, downwardAPI,
 * projected) are always read-only, as in Kubernetes. The volume *directory* is mounted, so
 * the atomic `..data` swap shows inside the container; a `subPath` mount resolves to one
 * file or directory at start and does not follow later updates (Kubernetes behaves the same).
 *
 * emptyDir with medium Memory: when exactly one container of the pod mounts it (and not by
 * subPath) the mount carries `tmpfs` with the sizeLimit, which Docker turns into a private
 * tmpfs of that size (the size is enforced by the filesystem; like any tmpfs of a container,
 * its content does not survive a restart of that container). Shared by several containers,
 * it is a bind mount of the pod's directory on the host's memory filesystem instead, and
 * the sizeLimit is enforced by eviction. The process runtime always uses the host path.
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
    if (source.kind === 'emptyDir' && source.medium === 'memory' && !m.subPath && mountersOf(pod, m.name) === 1) {
      mount.tmpfs = source.sizeLimitBytes !== undefined ? { sizeBytes: source.sizeLimitBytes } : {};
    }
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

/** How many containers (init and regular) mount the named volume. */
export function mountersOf(pod: Pod, volumeName: string): number {
  return [...(pod.spec.initContainers ?? []), ...pod.spec.containers]
    .filter((c) => (c.volumeMounts ?? []).some((m) => m.name === volumeName)).length;
}
