/**
 * The agent's fence: the shell around decide.ts. Heartbeats report each successful Lease
 * renewal; a timer notices when none succeeded for longer than the grace. Then the agent is
 * fenced: pod workers change nothing, and running containers of at-most-once pods are
 * killed at once (SIGKILL: they must be down before the server may replace them, which it
 * does a margin after this moment). The next successful renewal starts the recovery: a fresh
 * list of this node's pods from the API (the informer's cache is stale), removal of every
 * container whose pod is gone, evicted or bound elsewhere, and only then the fence lifts.
 */
import type { ApiClient, ResourceType } from '../../client/types.js';
import type { Clock, TimerHandle } from '../../client/clock.js';
import type { Runtime } from '../runtime/runtime.js';
import type { AgentLogger } from '../logger.js';
import { MANAGED_SELECTOR, identityOf } from '../container-labels.js';
import type { Pod } from '../pod/pod-types.js';
import { atMostOnceUids, containersToStopWhenFenced, fenceDueMs, isFenced, planRecovery } from './decide.js';
import { loadFenceMemory, saveFenceMemory } from './fence-file.js';

const PODS: ResourceType = { group: '', version: 'v1', resource: 'pods', kind: 'Pod', namespaced: true };

/** While fenced, at-most-once containers are looked for again this often (a start may have been in flight). */
export const FENCED_RECHECK_MS = 1_000;
/** Uids of pods removed at recovery that are remembered (uids are never reused, so forgetting is only a memory bound). */
const GONE_UIDS_KEPT = 10_000;

export type FenceState = 'open' | 'fenced' | 'recovering';

export interface FenceOptions {
  client: ApiClient;
  runtime: Runtime;
  clock: Clock;
  logger: AgentLogger;
  nodeName: string;
  /** The agent's data dir: containers of other agents sharing the runtime are left alone. */
  agentDir?: string;
  /** The grace after which the agent fences (read on every check: the server may change it). */
  graceMs(): number;
  /** The pods the informer knows (possibly stale), to find at-most-once containers. */
  cachedPods(): Pod[];
  /** True once the informer listed the pods (until then the remembered at-most-once pods count too). */
  cacheSynced?(): boolean;
  /** After a recovery: resync every pod (containers killed by the fence come back if their pod is still here). */
  onRecovered?(): void;
  /**
   * Where to remember the last renewal and the at-most-once pods across agent restarts
   * (fence-file.ts). Without it a restarted agent fences only after its first renewal.
   */
  memoryFile?: string;
  signal: AbortSignal;
}

export interface Fence {
  /** A Lease renewal succeeded; its request was sent at `sentAtMs` (the agent's clock). */
  renewed(sentAtMs: number): void;
  /** True while fenced or recovering: pod workers must change nothing. */
  fenced(): boolean;
  state(): FenceState;
  /** The pod was found gone at a recovery: treat it as deleted even if the cache still has it. */
  isGone(uid: string): boolean;
  /** Resolves when the stop or recovery in flight (if any) has finished (tests). */
  settled(): Promise<void>;
}

export function createFence(opts: FenceOptions): Fence {
  const { clock, logger, nodeName } = opts;
  let lastRenewedMs: number | undefined;
  let state: FenceState = 'open';
  let timer: TimerHandle | undefined;
  let work: Promise<void> = Promise.resolve();
  const gone = new Set<string>();
  /** At-most-once pod uids from the previous agent run (fence-file.ts). */
  let remembered = new Set<string>();
  /** Whether the file exists (written by this run or the previous one). */
  let persisted = false;
  let persisting: Promise<void> = Promise.resolve();
  const loaded: Promise<void> = opts.memoryFile === undefined ? Promise.resolve() : loadFenceMemory(opts.memoryFile).then((memory) => {
    if (!memory || memory.atMostOnceUids.length === 0) return;
    remembered = new Set(memory.atMostOnceUids);
    persisted = true;
    if (lastRenewedMs !== undefined) return; // this run renewed already
    // The previous run's last renewal: if it is more than the grace ago, fence at once.
    lastRenewedMs = memory.lastRenewedMs;
    logger.info({ node: nodeName, pods: memory.atMostOnceUids.length, lastRenewedMs }, 'fence armed from the previous run');
    arm(fenceDueMs(lastRenewedMs, opts.graceMs()) - clock.now());
  }).catch((err: unknown) => logger.warn({ err, node: nodeName }, 'could not load the fence memory'));

  /** Remembers the renewal and the at-most-once pods, while there are any (most agents never write). */
  function persist(renewedMs: number): void {
    if (opts.memoryFile === undefined) return;
    // Once the informer has listed, its pods are the truth: the previous run's are forgotten.
    const synced = opts.cacheSynced?.() ?? true;
    if (synced && remembered.size > 0) remembered = new Set();
    const uids = [...new Set([...atMostOnceUids(opts.cachedPods()), ...remembered])].sort();
    if (uids.length === 0 && !persisted) return;
    const file = opts.memoryFile;
    const memory = uids.length > 0 ? { lastRenewedMs: renewedMs, atMostOnceUids: uids } : undefined;
    persisted = uids.length > 0;
    persisting = persisting.then(() => saveFenceMemory(file, memory))
      .catch((err: unknown) => logger.warn({ err, node: nodeName }, 'could not save the fence memory'));
  }

  const serially = (fn: () => Promise<void>) => {
    work = work.then(fn).catch((err: unknown) => logger.warn({ err, node: nodeName }, 'fencing step failed'));
    return work;
  };

  function arm(ms: number): void {
    if (timer !== undefined) clock.clearTimeout(timer);
    timer = undefined;
    if (opts.signal.aborted) return;
    timer = clock.setTimeout(check, Math.max(0, ms));
  }

  function check(): void {
    timer = undefined;
    if (lastRenewedMs === undefined) return;
    const now = clock.now();
    if (state === 'open' && isFenced(lastRenewedMs, now, opts.graceMs())) {
      state = 'fenced';
      logger.warn({ node: nodeName, silentMs: now - lastRenewedMs, graceMs: opts.graceMs() }, 'lease not renewed within the grace: fenced (no changes; at-most-once pods stopped)');
    }
    if (state === 'fenced') void serially(stopAtMostOnce);
    arm(state === 'open' ? fenceDueMs(lastRenewedMs, opts.graceMs()) - now : FENCED_RECHECK_MS);
  }

  async function stopAtMostOnce(): Promise<void> {
    if (state !== 'fenced') return;
    const podsByUid = new Map(opts.cachedPods().map((p) => [p.metadata.uid ?? '', p]));
    // Together: every one must be down before the server may replace it.
    await Promise.all(containersToStopWhenFenced(await opts.runtime.list(MANAGED_SELECTOR), podsByUid, remembered).map(async (c) => {
      const id = identityOf(c);
      logger.warn({ node: nodeName, pod: `${id?.podNamespace}/${id?.podName}`, container: id?.containerName }, 'fenced: killing at-most-once container');
      await opts.runtime.stop(c.id, 0);
    }));
  }

  async function recover(): Promise<void> {
    if (state !== 'fenced') return;
    state = 'recovering';
    try {
      const fresh = await opts.client.list<Pod>(PODS, { fieldSelector: `spec.nodeName=${nodeName}` });
      const plan = planRecovery(await opts.runtime.list(MANAGED_SELECTOR), fresh.items, nodeName, opts.agentDir);
      for (const uid of plan.goneUids) {
        gone.add(uid);
        if (gone.size > GONE_UIDS_KEPT) gone.delete(gone.values().next().value!);
      }
      for (const c of plan.remove) {
        const id = identityOf(c);
        logger.info({ node: nodeName, pod: `${id?.podNamespace}/${id?.podName}`, container: id?.containerName }, 'lease renewed after a fence: removing container of a pod that is gone');
        if (c.state === 'running') await opts.runtime.stop(c.id, 0);
        await opts.runtime.remove(c.id);
      }
    } catch (err) {
      state = 'fenced'; // the next renewal tries again
      throw err;
    }
    // The Lease may have lapsed again while we listed: then stay fenced.
    if (lastRenewedMs !== undefined && isFenced(lastRenewedMs, clock.now(), opts.graceMs())) {
      state = 'fenced';
      return;
    }
    state = 'open';
    logger.info({ node: nodeName }, 'fence lifted');
    opts.onRecovered?.();
  }

  opts.signal.addEventListener('abort', () => {
    if (timer !== undefined) clock.clearTimeout(timer);
    timer = undefined;
  }, { once: true });

  return {
    renewed(sentAtMs) {
      lastRenewedMs = Math.max(lastRenewedMs ?? -Infinity, sentAtMs);
      if (state === 'fenced') void serially(recover);
      if (state === 'open') arm(fenceDueMs(lastRenewedMs, opts.graceMs()) - clock.now());
      else if (timer === undefined) arm(FENCED_RECHECK_MS);
      persist(lastRenewedMs);
    },
    fenced: () => state !== 'open',
    state: () => state,
    isGone: (uid) => gone.has(uid),
    settled: async () => { await loaded; await work; await persisting; },
  };
}
