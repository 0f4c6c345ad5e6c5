/**
 * The agent's half of local-path reclaim: only this node can remove a local volume's
 * directory, so the volume controller deletes the PersistentVolume and its cleanup finalizer
 * holds the object until this reclaimer removed the directory and then the finalizer.
 */
import { rm } from 'node:fs/promises';
import { resourceByKind } from '../../api/resources.js';
import type { KubeObject } from '../../api/types.js';
import { realClock, type Clock } from '../../client/clock.js';
import { isConflict, isNotFound } from '../../client/errors.js';
import { createInformer } from '../../client/informer.js';
import type { ApiClient } from '../../client/types.js';
import { createWorkQueue } from '../../client/workqueue.js';
import { runWorkers } from '../../client/workers.js';
import type { AgentLogger } from '../logger.js';
import { decideReclaim, withoutCleanupFinalizer } from './decide.js';

const VOLUMES = resourceByKind('v1', 'PersistentVolume')!;

export interface VolumeReclaimerOptions {
  client: ApiClient;
  nodeName: string;
  logger: AgentLogger;
  signal: AbortSignal;
  clock?: Clock;
}

/** Runs until the signal aborts; never rejects (failures are logged and retried with back-off). */
export async function runVolumeReclaimer(options: VolumeReclaimerOptions): Promise<void> {
  const { client, nodeName, logger, signal } = options;
  const clock = options.clock ?? realClock;
  const queue = createWorkQueue({ clock });
  const informer = createInformer<KubeObject>(client, VOLUMES, {
    clock, onError: (err) => logger.warn({ err, node: nodeName }, 'persistentvolume watch failed'),
  });
  const enqueue = (pv: KubeObject) => {
    if (decideReclaim(pv, nodeName).kind !== 'none') queue.add(pv.metadata.name!);
  };
  informer.addEventHandler({ onAdd: enqueue, onUpdate: (_old, pv) => enqueue(pv), onDelete: () => undefined });

  const sync = async (name: string) => {
    const volume = informer.cache.get(name);
    if (!volume) return undefined;
    const decision = decideReclaim(volume, nodeName);
    if (decision.kind === 'none') return undefined;
    if (decision.kind === 'remove') {
      await rm(decision.path, { recursive: true, force: true });
      logger.info({ node: nodeName, volume: name, path: decision.path }, 'removed local volume directory');
    } else {
      logger.warn({ node: nodeName, volume: name, reason: decision.reason }, 'local volume directory left in place');
    }
    try {
      await client.update(VOLUMES, { ...volume, metadata: { ...volume.metadata, finalizers: withoutCleanupFinalizer(volume) } });
    } catch (err) {
      if (isNotFound(err)) return undefined;
      if (isConflict(err)) return { requeueAfterMs: 100 };
      throw err;
    }
    return undefined;
  };

  try {
    const informerDone = informer.run(signal);
    const loops = runWorkers(queue, 1, sync, signal, {
      onError: (key, err) => logger.warn({ err, node: nodeName, volume: key }, 'local volume cleanup failed; will retry'),
    });
    await Promise.all([informerDone, loops]);
  } catch (err) {
    logger.warn({ err, node: nodeName }, 'volume reclaimer stopped');
  }
}
