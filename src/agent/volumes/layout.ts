/**
 * Where a pod's volumes live on the host. Every volume a container mounts is reached
 * through one path, `<dataDir>/pods/<uid>/volumes/<kind>/<name>`, so the ContainerSpec can
 * be computed purely from the pod. Memory-backed kinds (secret, projected, emptyDir with
 * medium Memory) keep their bytes under the memory base (a tmpfs) and that path is a
 * symlink to it; a persistentVolumeClaim's path is a symlink to the bound PV's directory.
 * Bind mounts follow the symlink at mount time (mount(2) resolves the source path).
 */
import { createHash } from 'node:crypto';
import path from 'node:path';

/** Directory names per volume kind (kubelet uses kubernetes.io~<kind>; ours are shorter). */
export const VOLUME_KIND_DIRS = {
  emptyDir: 'empty-dir',
  configMap: 'configmap',
  secret: 'secret',
  downwardAPI: 'downward-api',
  projected: 'projected',
  persistentVolumeClaim: 'pvc',
} as const;

export type ManagedVolumeKind = keyof typeof VOLUME_KIND_DIRS;

export function podDataDir(dataDir: string, podUid: string): string {
  return path.join(dataDir, 'pods', podUid);
}

/** The path containers bind-mount for a managed volume (a directory or a symlink to one). */
export function volumePath(dataDir: string, podUid: string, kind: ManagedVolumeKind, name: string): string {
  return path.join(podDataDir(dataDir, podUid), 'volumes', VOLUME_KIND_DIRS[kind], name);
}

/** Where a memory-backed volume's bytes live: `<memoryBase>/<uid>/<kind>/<name>`. */
export function memoryVolumePath(memoryBase: string, podUid: string, kind: ManagedVolumeKind, name: string): string {
  return path.join(memoryBase, podUid, VOLUME_KIND_DIRS[kind], name);
}

/**
 * The default memory base of an agent without its own tmpfs mount: a directory on
 * /dev/shm (a tmpfs on every Linux host) named after the agent's data dir, so two agents
 * on one host never share it and a restarted agent finds its pods' volumes again.
 */
export function shmMemoryBase(dataDir: string, shmRoot = '/dev/shm'): string {
  const id = createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 12);
  return path.join(shmRoot, `tug-${id}`);
}

/** The dedicated tmpfs mount point used when the agent runs as root and mounting is enabled. */
export function tmpfsMemoryBase(dataDir: string): string {
  return path.join(dataDir, 'secrets-tmpfs');
}
