/**
 * The volume manager's periodic work for a running agent: refresh content volumes every
 * VOLUME_DEFAULTS.resyncPeriodMs and measure emptyDir usage every usagePeriodMs. A pod
 * found over a sizeLimit is queued; its pod worker then reads manager.evictionOf, stops
 * the containers and fails the pod.
 */
import type { Clock, TimerHandle } from '../../client/clock.js';
import type { AgentLogger } from '../logger.js';
import type { Pod } from '../pod/pod-types.js';
import { VOLUME_DEFAULTS } from './defaults.js';
import type { VolumeManager } from './manager.js';

export interface VolumeLoopsOptions {
  manager: VolumeManager;
  clock: Clock;
  logger: AgentLogger;
  signal: AbortSignal;
  listPods(): Pod[];
  /** Queues a pod key for a sync (an eviction was decided). */
  enqueue(key: string): void;
  resyncPeriodMs?: number;
  usagePeriodMs?: number;
}

export function startVolumeLoops(options: VolumeLoopsOptions): void {
  const { clock, signal, logger } = options;
  const timers = new Set<TimerHandle>();

  function every(periodMs: number, fn: () => Promise<void>, what: string): void {
    const schedule = () => {
      if (signal.aborted) return;
      const handle = clock.setTimeout(() => {
        timers.delete(handle);
        fn().catch((err: unknown) => logger.warn({ err }, `${what} failed`)).finally(schedule);
      }, periodMs);
      timers.add(handle);
    };
    schedule();
  }

  every(options.resyncPeriodMs ?? VOLUME_DEFAULTS.resyncPeriodMs, () => options.manager.resync(options.listPods()), 'volume resync');
  every(options.usagePeriodMs ?? VOLUME_DEFAULTS.usagePeriodMs, async () => {
    for (const e of await options.manager.checkSizeLimits(options.listPods())) {
      logger.info({ pod: e.podKey, message: e.message }, 'evicting pod: emptyDir over its sizeLimit');
      options.enqueue(e.podKey);
    }
  }, 'emptyDir usage check');
  signal.addEventListener('abort', () => {
    for (const t of timers) clock.clearTimeout(t);
    timers.clear();
  }, { once: true });
}
