/**
 * The volume manager: sets up a pod's volumes before its containers start, keeps content
 * volumes of running pods in step with their sources, measures emptyDir usage and removes
 * a pod's volume directories when the pod leaves the node. Decisions are pure (payload.ts,
 * pvc.ts, size-limit.ts); this file fetches and writes. Secret bytes are only ever written
 * under the memory base and never logged: log lines name volumes and objects, not values.
 */
import { existsSync } from 'node:fs';
import { lstat, mkdir, readdir, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import path from 'node:path';
import type { KubeObject } from '../../api/types.js';
import type { ApiClient, ResourceType } from '../../client/types.js';
import { isNotFound } from '../../client/errors.js';
import type { Clock } from '../../client/clock.js';
import { silentLogger, type AgentLogger } from '../logger.js';
import type { Pod } from '../pod/pod-types.js';
import { podKey } from '../pod/pod-types.js';
import { writeAtomically } from './atomic-writer.js';
import { classifyVolume, isContentKind, isMemoryBacked, managedKind, type PodVolume, type VolumeSource } from './classify.js';
import type { MountStatus } from './decisions.js';
import { diskUsageBytes } from './disk-usage.js';
import type { NodeAllocatable } from './downward.js';
import { memoryVolumePath, podDataDir, shmMemoryBase, tmpfsMemoryBase, volumePath } from './layout.js';
import { prepareMemoryBase, releaseMemoryBase, type MemoryBase, type MemoryBaseMode } from './memory-base.js';
import { planPayload } from './payload.js';
import { resolveClaimPath, type ClaimLike, type VolumeLike } from './pvc.js';
import { decideEvictions, type Eviction, type VolumeUsage } from './size-limit.js';
import { referencedSources, sourceKey, type SourceKind, type SourceObjects } from './sources.js';
import { VOLUME_DEFAULTS } from './defaults.js';

const TYPES: Record<SourceKind | 'PersistentVolumeClaim' | 'PersistentVolume', ResourceType> = {
  ConfigMap: { group: '', version: 'v1', resource: 'configmaps', kind: 'ConfigMap', namespaced: true },
  Secret: { group: '', version: 'v1', resource: 'secrets', kind: 'Secret', namespaced: true },
  PersistentVolumeClaim: { group: '', version: 'v1', resource: 'persistentvolumeclaims', kind: 'PersistentVolumeClaim', namespaced: true },
  PersistentVolume: { group: '', version: 'v1', resource: 'persistentvolumes', kind: 'PersistentVolume', namespaced: false },
};

export interface VolumeManagerOptions {
  client: ApiClient;
  dataDir: string;
  hostIP: string;
  clock: Clock;
  logger?: AgentLogger;
  /** Where memory-backed volumes live (memory-base.ts); default 'shm', or env TUG_SECRETS_TMPFS=mount. */
  memoryBaseMode?: MemoryBaseMode;
  /** Overrides the memory base directory entirely (tests). */
  memoryRoot?: string;
  node?: NodeAllocatable;
}

export type { MountStatus };

export interface VolumeManager {
  /** Sets up every volume of the pod (once; later calls are free). Not ok = containers must wait. */
  prepare(pod: Pod): Promise<MountStatus>;
  /** Rewrites the content volumes of set-up pods whose sources changed (atomic swap). */
  resync(pods: Pod[]): Promise<void>;
  /** Measures emptyDir usage against sizeLimit; returns the pods newly found over it (remembered for evictionOf). */
  checkSizeLimits(pods: Pod[]): Promise<Eviction[]>;
  /** The eviction message of a pod found over an emptyDir sizeLimit, until cleanup. */
  evictionOf(podUid: string): string | undefined;
  /** Removes the pod's volume directories (never a hostPath's or a claim's data). */
  cleanup(podUid: string): Promise<void>;
  /** Removes volume directories of pods not in `liveUids` (after an agent restart). */
  sweep(liveUids: Set<string>): Promise<void>;
  /** Clean shutdown: releases the dedicated tmpfs if nothing uses it. */
  close(): Promise<void>;
}

export function createVolumeManager(options: VolumeManagerOptions): VolumeManager {
  const { client, dataDir } = options;
  const logger = options.logger ?? silentLogger;
  const node = options.node ?? { cpuCores: cpus().length, memoryBytes: totalmem() };
  const prepared = new Set<string>();
  const evictions = new Map<string, string>();
  const locks = new Map<string, Promise<unknown>>();
  let memoryBase: Promise<MemoryBase> | undefined;

  const memoryRoot = async (): Promise<string> => {
    if (options.memoryRoot) return options.memoryRoot;
    memoryBase ??= prepareMemoryBase({
      dataDir, logger, sizeBytes: VOLUME_DEFAULTS.memoryBaseSizeBytes,
      mode: options.memoryBaseMode ?? (process.env.TUG_SECRETS_TMPFS === 'mount' ? 'mount' : 'shm'),
    });
    return (await memoryBase).root;
  };

  /** One writer per pod at a time: prepare and resync must never swap the same directory concurrently. */
  function locked<T>(uid: string, fn: () => Promise<T>): Promise<T> {
    const previous = locks.get(uid) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(fn);
    locks.set(uid, next);
    void next.finally(() => { if (locks.get(uid) === next) locks.delete(uid); }).catch(() => undefined);
    return next;
  }

  async function get(type: ResourceType, namespace: string | undefined, name: string): Promise<KubeObject | undefined> {
    try {
      return await client.get(type, namespace, name);
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  async function fetchSources(pod: Pod, volume: PodVolume, cache: SourceObjects): Promise<SourceObjects> {
    const namespace = pod.metadata.namespace ?? 'default';
    const objects: SourceObjects = new Map();
    for (const ref of referencedSources(pod, volume)) {
      const key = `${namespace}/${sourceKey(ref)}`;
      if (!cache.has(key)) cache.set(key, await get(TYPES[ref.kind], namespace, ref.name));
      objects.set(sourceKey(ref), cache.get(key));
    }
    return objects;
  }

  /** Where the volume's bytes go: the memory base for secret-bearing kinds, else the pod's data dir. */
  async function contentDir(uid: string, source: VolumeSource, name: string): Promise<string> {
    const kind = managedKind(source)!;
    return isMemoryBacked(source) ? memoryVolumePath(await memoryRoot(), uid, kind, name) : volumePath(dataDir, uid, kind, name);
  }

  async function writeContent(pod: Pod, volume: PodVolume, source: VolumeSource, cache: SourceObjects): Promise<MountStatus> {
    const uid = pod.metadata.uid ?? '';
    const objects = await fetchSources(pod, volume, cache);
    const payload = planPayload({ pod, volume, objects, hostIP: options.hostIP, node });
    if (!payload.ok) return { ok: false, volume: volume.name, message: payload.message };
    const dir = await contentDir(uid, source, volume.name);
    const { changed } = await writeAtomically(dir, payload.files, { now: () => options.clock.now() });
    if (isMemoryBacked(source)) await pointAt(volumePath(dataDir, uid, managedKind(source)!, volume.name), dir);
    if (changed) logger.debug({ pod: podKey(pod), volume: volume.name, files: payload.files.length }, 'volume content written');
    return { ok: true };
  }

  async function setUp(pod: Pod, volume: PodVolume, cache: SourceObjects): Promise<MountStatus> {
    const uid = pod.metadata.uid ?? '';
    const source = classifyVolume(volume);
    switch (source.kind) {
      case 'hostPath':
        if (source.type === 'DirectoryOrCreate') await mkdir(source.path, { recursive: true, mode: 0o755 });
        if (source.type === 'FileOrCreate') {
          await mkdir(path.dirname(source.path), { recursive: true });
          await writeFile(source.path, '', { flag: 'a', mode: 0o644 });
        }
        return { ok: true };
      case 'emptyDir': {
        const dir = await contentDir(uid, source, volume.name);
        await mkdir(dir, { recursive: true, mode: 0o777 });
        if (isMemoryBacked(source)) await pointAt(volumePath(dataDir, uid, 'emptyDir', volume.name), dir);
        return { ok: true };
      }
      case 'persistentVolumeClaim': {
        const claim = await get(TYPES.PersistentVolumeClaim, pod.metadata.namespace ?? 'default', source.claimName);
        const volumeName = (claim?.spec as { volumeName?: string } | undefined)?.volumeName;
        const pv = volumeName ? await get(TYPES.PersistentVolume, undefined, volumeName) : undefined;
        const resolved = resolveClaimPath(source.claimName, claim as ClaimLike | undefined, pv as VolumeLike | undefined);
        if (!resolved.ok) return { ok: false, volume: volume.name, message: resolved.message };
        await mkdir(resolved.path, { recursive: true, mode: 0o777 });
        await pointAt(volumePath(dataDir, uid, 'persistentVolumeClaim', volume.name), resolved.path);
        return { ok: true };
      }
      case 'unsupported':
        return { ok: false, volume: volume.name, message: `volume source "${source.source}" is not supported by this agent` };
      default:
        return writeContent(pod, volume, source, cache);
    }
  }

  async function prepare(pod: Pod): Promise<MountStatus> {
    const uid = pod.metadata.uid ?? '';
    const finished = pod.metadata.deletionTimestamp || pod.status?.phase === 'Failed' || pod.status?.phase === 'Succeeded';
    if (prepared.has(uid) || finished || !(pod.spec.volumes?.length)) return { ok: true };
    return locked(uid, async () => {
      const cache: SourceObjects = new Map();
      for (const volume of pod.spec.volumes ?? []) {
        const status = await setUp(pod, volume, cache);
        if (!status.ok) return status;
      }
      prepared.add(uid);
      return { ok: true } as const;
    });
  }

  async function resync(pods: Pod[]): Promise<void> {
    const cache: SourceObjects = new Map();
    for (const pod of pods) {
      const uid = pod.metadata.uid ?? '';
      if (!prepared.has(uid) || pod.metadata.deletionTimestamp) continue;
      for (const volume of pod.spec.volumes ?? []) {
        const source = classifyVolume(volume);
        if (!isContentKind(source.kind)) continue;
        // A source deleted or broken later leaves the last good content in place (as the kubelet does).
        const status = await locked(uid, () => writeContent(pod, volume, source, cache)).catch((err: unknown) => ({ ok: false, volume: volume.name, message: String(err) }));
        if (!status.ok) logger.debug({ pod: podKey(pod), volume: volume.name, reason: status.message }, 'volume content not refreshed');
      }
    }
  }

  async function checkSizeLimits(pods: Pod[]): Promise<Eviction[]> {
    const usages: VolumeUsage[] = [];
    for (const pod of pods) {
      const uid = pod.metadata.uid ?? '';
      if (!prepared.has(uid) || pod.metadata.deletionTimestamp || pod.status?.phase === 'Failed' || pod.status?.phase === 'Succeeded') continue;
      for (const volume of pod.spec.volumes ?? []) {
        const source = classifyVolume(volume);
        if (source.kind !== 'emptyDir' || source.sizeLimitBytes === undefined) continue;
        const usedBytes = await diskUsageBytes(volumePath(dataDir, uid, 'emptyDir', volume.name));
        usages.push({ podKey: podKey(pod), podUid: uid, volume: volume.name, usedBytes, limitBytes: source.sizeLimitBytes, limit: source.sizeLimit ?? String(source.sizeLimitBytes) });
      }
    }
    const found = decideEvictions(usages).filter((e) => !evictions.has(e.podUid));
    for (const e of found) evictions.set(e.podUid, e.message);
    return found;
  }

  async function cleanup(podUid: string): Promise<void> {
    prepared.delete(podUid);
    evictions.delete(podUid);
    await locked(podUid, async () => {
      // rm never follows symlinks: a claim's or hostPath's data is not touched.
      await rm(podDataDir(dataDir, podUid), { recursive: true, force: true });
      if (options.memoryRoot || memoryBase) await rm(path.join(await memoryRoot(), podUid), { recursive: true, force: true });
    });
  }

  async function sweep(liveUids: Set<string>): Promise<void> {
    // The memory base is only touched if it exists already (a restarted agent's leftovers):
    // preparing it here would create (or mount) it on every agent start.
    const memoryInUse = options.memoryRoot || memoryBase || existsSync(shmMemoryBase(dataDir)) || existsSync(tmpfsMemoryBase(dataDir));
    const roots = [path.join(dataDir, 'pods'), ...(memoryInUse ? [await memoryRoot()] : [])];
    for (const root of roots) {
      for (const uid of await readdir(root).catch(() => [] as string[])) {
        if (!uid.startsWith('.') && !liveUids.has(uid)) await cleanup(uid);
      }
    }
  }

  async function close(): Promise<void> {
    if (memoryBase) await releaseMemoryBase(await memoryBase, logger);
  }

  return { prepare, resync, checkSizeLimits, evictionOf: (uid) => evictions.get(uid), cleanup, sweep, close };
}

/** Makes `link` a symlink to `target` (replacing an older link or an empty directory). */
async function pointAt(link: string, target: string): Promise<void> {
  const current = await readlink(link).catch(() => undefined);
  if (current === target) return;
  const info = await lstat(link).catch(() => undefined);
  if (info) await rm(link, { recursive: !info.isSymbolicLink(), force: true });
  await mkdir(path.dirname(link), { recursive: true });
  await symlink(target, link);
}
