/**
 * The shape every controller shares: informers feed a work queue of object keys; workers
 * run `sync(key)` one key at a time; `sync` reads the caches, calls a pure decision and
 * applies it through the API. Leader election is a hook: today a single process always
 * leads; the HA work elects through a Lease.
 */
import type { Logger } from 'pino';
import type { ApiClient, Clock, InformerFactory, KeyHandler } from '../../client/index.js';
import { createWorkQueue, isForbidden, runWorkers, type WorkQueue } from '../../client/index.js';
import type { EventRecorder } from './events.js';

export interface ControllerContext {
  client: ApiClient;
  informers: InformerFactory;
  clock: Clock;
  logger: Logger;
  events: EventRecorder;
  /** The cluster CA (PEM), for controllers that hand it out (ServiceAccount token Secrets). */
  caPem?: string;
}

export interface Controller {
  readonly name: string;
  /** Runs until the signal aborts; informers must have been started and synced. */
  run(signal: AbortSignal): Promise<void>;
}

export interface QueueController {
  queue: WorkQueue;
  run(signal: AbortSignal): Promise<void>;
}

/** A work queue plus `workers` loops calling `sync`, logging failures (which retry with back-off). */
export function queueController(ctx: ControllerContext, name: string, workers: number, sync: KeyHandler): QueueController {
  const queue = createWorkQueue({ clock: ctx.clock });
  const log = ctx.logger.child({ controller: name });
  return {
    queue,
    run: (signal) => runWorkers(queue, workers, sync, signal, {
      onError: (key, err) => log.warn({ key, err: err instanceof Error ? err.message : String(err) }, 'sync failed; will retry'),
    }),
  };
}

/** `namespace/name` of an object, the queue key of namespaced controllers. */
export function keyOf(object: { metadata: { namespace?: string; name?: string } }): string {
  return object.metadata.namespace ? `${object.metadata.namespace}/${object.metadata.name}` : `${object.metadata.name}`;
}

export function splitKey(key: string): { namespace: string; name: string } {
  const slash = key.indexOf('/');
  return { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}

/** A create refused because the namespace is being deleted: the namespace controller is deleting us too, not an error. */
export function isNamespaceTerminating(err: unknown): boolean {
  return isForbidden(err) && err instanceof Error && err.message.includes('because it is being terminated');
}
