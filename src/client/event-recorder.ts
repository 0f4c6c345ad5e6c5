/**
 * Records core/v1 Events about objects, as agents, controllers and the scheduler report what
 * they did and why (client-go's tools/record). One implementation for every component:
 * - a repeat of the same (object, fieldPath, type, reason, message) bumps `count` and
 *   `lastTimestamp` on the existing Event instead of creating another (the event correlator);
 * - repeats are written at most every EVENT_REPEAT_WRITE_MS; the ones in between are counted
 *   and carried by the next write (1,000 unschedulable pods retried every minute cost 1,000
 *   writes a minute, not one per retry; a crash-looping container one per window);
 * - writes are chained, so they happen in the order recorded and a repeat never overtakes the
 *   create it patches; `flush()` awaits them;
 * - an aggregated Event that was deleted meanwhile is created afresh;
 * - failures go to `onError` and are otherwise swallowed: an Event is never worth failing a
 *   reconcile or a pod start for.
 */
import { randomBytes } from 'node:crypto';
import { resourceByKind } from '../api/resources.js';
import type { KubeObject } from '../api/types.js';
import type { Clock } from './clock.js';
import { isNotFound } from './errors.js';
import type { ApiClient } from './types.js';

export const EVENTS = resourceByKind('v1', 'Event')!;

export const EVENT_REPEAT_WRITE_MS = 10_000;
/** Distinct Events remembered for aggregation (least recently used go first). */
const AGGREGATION_CACHE_SIZE = 4096;

export interface EventSpec {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  /** The part of the object it is about, e.g. spec.containers{app}. */
  fieldPath?: string;
}

export interface EventRecorderOptions {
  client: ApiClient;
  clock: Clock;
  /** source.component and reportingComponent, e.g. tug-agent. */
  component: string;
  /** source.host and reportingInstance: the node an agent runs on. */
  host?: string;
  onError?: (err: unknown, object: KubeObject, event: EventSpec) => void;
}

export interface EventRecorder {
  record(object: KubeObject, event: EventSpec): void;
  /** Resolves once every recorded Event has been written (or has failed). */
  flush(): Promise<void>;
}

/** Kubernetes Event timestamps: RFC 3339 in whole seconds. */
function eventTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

interface Aggregate {
  name: string;
  namespace: string;
  count: number;
  writtenAtMs: number;
}

export function createEventRecorder(options: EventRecorderOptions): EventRecorder {
  const { client, clock, component, host } = options;
  const seen = new Map<string, Aggregate>();
  let chain: Promise<void> = Promise.resolve();

  async function create(key: string, object: KubeObject, event: EventSpec, at: number): Promise<void> {
    const namespace = object.metadata.namespace ?? 'default';
    const name = `${object.metadata.name}.${randomBytes(8).toString('hex')}`;
    const now = eventTime(at);
    seen.set(key, { name, namespace, count: 1, writtenAtMs: at });
    if (seen.size > AGGREGATION_CACHE_SIZE) seen.delete(seen.keys().next().value!);
    await client.create(EVENTS, {
      apiVersion: 'v1', kind: 'Event',
      metadata: { name, namespace },
      involvedObject: {
        apiVersion: object.apiVersion, kind: object.kind, namespace, name: object.metadata.name, uid: object.metadata.uid,
        ...(object.metadata.resourceVersion ? { resourceVersion: object.metadata.resourceVersion } : {}),
        ...(event.fieldPath ? { fieldPath: event.fieldPath } : {}),
      },
      reason: event.reason, message: event.message, type: event.type,
      source: { component, ...(host ? { host } : {}) },
      reportingComponent: component, ...(host ? { reportingInstance: host } : {}),
      count: 1, firstTimestamp: now, lastTimestamp: now,
    });
  }

  async function write(object: KubeObject, event: EventSpec, at: number): Promise<void> {
    const key = [object.metadata.uid, event.fieldPath ?? '', event.type, event.reason, event.message].join('|');
    const previous = seen.get(key);
    if (!previous) return create(key, object, event, at);
    previous.count++;
    seen.delete(key);
    seen.set(key, previous); // most recently used last
    if (at - previous.writtenAtMs < EVENT_REPEAT_WRITE_MS) return;
    previous.writtenAtMs = at;
    try {
      await client.patch(EVENTS, previous.namespace, previous.name, { type: 'merge', body: { count: previous.count, lastTimestamp: eventTime(at) } });
    } catch (err) {
      if (!isNotFound(err)) throw err;
      await create(key, object, event, at);
    }
  }

  return {
    record(object, event) {
      const at = clock.now(); // when it happened, not when its write gets its turn
      chain = chain.then(() => write(object, event, at)).catch((err: unknown) => options.onError?.(err, object, event));
    },
    flush: () => chain,
  };
}
