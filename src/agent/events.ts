/**
 * Event recorder: core/v1 Events about pods, source.component tug-agent. A repeat of the
 * same (object, fieldPath, type, reason, message) bumps count/lastTimestamp on the
 * existing Event instead of creating another, like client-go's EventCorrelator.
 * Writes are chained so they happen in order and never float; flush() awaits them.
 */
import { randomBytes } from 'node:crypto';
import type { KubeObject } from '../api/types.js';
import type { ApiClient, ResourceType } from '../client/types.js';
import type { Clock } from '../client/clock.js';
import { isNotFound } from '../client/errors.js';
import type { AgentLogger } from './logger.js';
import { rfc3339 } from './pod/pod-types.js';
import type { PodEvent } from './pod/snapshot.js';

export const EVENTS: ResourceType = { group: '', version: 'v1', resource: 'events', kind: 'Event', namespaced: true };
const AGGREGATION_CACHE_SIZE = 4096;

export interface EventRecorder {
  record(object: KubeObject, event: PodEvent): void;
  /** Resolves once every recorded event has been written (or failed and been logged). */
  flush(): Promise<void>;
}

export function createEventRecorder(opts: { client: ApiClient; clock: Clock; nodeName: string; logger: AgentLogger; component?: string }): EventRecorder {
  const component = opts.component ?? 'tug-agent';
  const seen = new Map<string, { name: string; namespace: string; count: number }>();
  let chain: Promise<void> = Promise.resolve();

  async function write(object: KubeObject, event: PodEvent, at: number): Promise<void> {
    const namespace = object.metadata.namespace ?? 'default';
    const key = [object.metadata.uid, event.fieldPath ?? '', event.type, event.reason, event.message].join('|');
    const now = rfc3339(at);
    const previous = seen.get(key);
    if (previous) {
      try {
        previous.count++;
        await opts.client.patch(EVENTS, previous.namespace, previous.name, { type: 'merge', body: { count: previous.count, lastTimestamp: now } });
        seen.delete(key); seen.set(key, previous); // keep recently used entries last
        return;
      } catch (err) {
        if (!isNotFound(err)) throw err;
        seen.delete(key);
      }
    }
    const name = `${object.metadata.name}.${randomBytes(8).toString('hex')}`;
    await opts.client.create(EVENTS, {
      apiVersion: 'v1', kind: 'Event',
      metadata: { name, namespace },
      involvedObject: {
        apiVersion: object.apiVersion, kind: object.kind, namespace, name: object.metadata.name, uid: object.metadata.uid,
        ...(object.metadata.resourceVersion ? { resourceVersion: object.metadata.resourceVersion } : {}),
        ...(event.fieldPath ? { fieldPath: event.fieldPath } : {}),
      },
      reason: event.reason, message: event.message, type: event.type,
      source: { component, host: opts.nodeName },
      reportingComponent: component, reportingInstance: opts.nodeName,
      count: 1, firstTimestamp: now, lastTimestamp: now,
    });
    seen.set(key, { name, namespace, count: 1 });
    if (seen.size > AGGREGATION_CACHE_SIZE) seen.delete(seen.keys().next().value!);
  }

  return {
    record(object, event) {
      const at = opts.clock.now(); // the time it happened, not the time the write gets its turn
      chain = chain.then(() => write(object, event, at)).catch((err: unknown) => {
        opts.logger.warn({ err, reason: event.reason, pod: object.metadata.name }, 'could not write event');
      });
    },
    flush: () => chain,
  };
}
