/**
 * Records core/v1 Events about objects, as controllers and the scheduler report what they
 * did and why. Repeats of the same (object, reason, message) bump `count` instead of
 * creating new Events, like Kubernetes' event correlator. Failures to record are logged and
 * swallowed: an Event is never worth failing a reconcile for.
 */
import type { KubeObject } from '../../api/types.js';
import type { ApiClient, Clock } from '../../client/index.js';
import { resourceByKind } from '../../api/resources.js';

export interface EventRecorder {
  record(object: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string): void;
}

const EVENTS = resourceByKind('v1', 'Event')!;

/**
 * Repeats of one Event are written at most this often; repeats in between are counted and
 * carried by the next write (e.g. 1,000 unschedulable pods retried every minute cost 1,000
 * writes a minute, not one per retry).
 */
export const EVENT_REPEAT_WRITE_MS = 10_000;

export function createEventRecorder(client: ApiClient, component: string, clock: Clock, onError?: (err: unknown) => void): EventRecorder {
  const seen = new Map<string, { name: string; count: number; writtenAtMs: number }>();
  let serial = 0;
  return {
    record(object, type, reason, message) {
      const namespace = object.metadata.namespace ?? 'default';
      const key = `${object.metadata.uid}|${reason}|${message}`;
      const now = new Date(clock.now()).toISOString();
      const previous = seen.get(key);
      const write = async () => {
        if (previous) {
          previous.count += 1;
          if (clock.now() - previous.writtenAtMs < EVENT_REPEAT_WRITE_MS) return;
          previous.writtenAtMs = clock.now();
          await client.patch(EVENTS, namespace, previous.name, {
            type: 'merge', body: { count: previous.count, lastTimestamp: now },
          });
          return;
        }
        const name = `${object.metadata.name}.${clock.now().toString(16)}${(serial++).toString(16)}`;
        seen.set(key, { name, count: 1, writtenAtMs: clock.now() });
        if (seen.size > 5000) seen.delete(seen.keys().next().value!);
        await client.create(EVENTS, {
          apiVersion: 'v1', kind: 'Event',
          metadata: { name, namespace },
          involvedObject: {
            apiVersion: object.apiVersion, kind: object.kind, name: object.metadata.name,
            namespace: object.metadata.namespace, uid: object.metadata.uid, resourceVersion: object.metadata.resourceVersion,
          },
          reason, message, type,
          source: { component },
          reportingComponent: component,
          firstTimestamp: now, lastTimestamp: now, count: 1,
        });
      };
      write().catch((err) => onError?.(err));
    },
  };
}
