/**
 * Store events → Kubernetes watch events for one watch's selectors (pure). An object
 * that stops matching is reported DELETED and one that starts matching ADDED, as the
 * upstream watch cache does.
 *
 * Every watcher of a prefix receives the same StoreEvent object, so its decoding is
 * memoised per event: with 100 agents watching pods, a pod write is parsed and
 * serialised once, not 100 times. The decoded objects are shared and must not be mutated.
 */
import type { KubeObject, WatchEventType } from '../api/types.js';
import type { StoreEvent } from '../store/store.js';
import { decodeValue, valueJsonWithRevision } from './registry/codec.js';
import type { Target } from './registry/context.js';
import { matchesQuery, type ListQuery } from './registry/list.js';

export interface TranslatedEvent {
  type: WatchEventType;
  object: KubeObject;
  /** JSON of `object`, shared between watchers. */
  json: string;
}

/**
 * One store event, decoded at most once and only as far as needed: the JSON line comes
 * from splicing the resourceVersion into the stored text, and the object is parsed only
 * when a selector or a Table needs it (most informers watch without selectors).
 */
class Decoded {
  private parsed?: KubeObject;
  previous?: KubeObject;
  readonly json: string;

  constructor(private readonly event: StoreEvent) {
    this.json = valueJsonWithRevision(event.value, event.revision);
  }

  get object(): KubeObject {
    this.parsed ??= decodeValue(this.event.value, this.event.revision);
    return this.parsed;
  }
}

const decodedEvents = new WeakMap<StoreEvent, Decoded>();

function decodeEvent(event: StoreEvent): Decoded {
  let decoded = decodedEvents.get(event);
  if (!decoded) {
    decoded = new Decoded(event);
    decodedEvents.set(event, decoded);
  }
  return decoded;
}

function previousOf(event: StoreEvent, decoded: Decoded): KubeObject | undefined {
  if (decoded.previous === undefined && event.prevValue !== undefined) decoded.previous = JSON.parse(event.prevValue) as KubeObject;
  return decoded.previous;
}

export function translateStoreEvent(target: Target, query: Pick<ListQuery, 'labels' | 'fields'>, event: StoreEvent): TranslatedEvent | undefined {
  const decoded = decodeEvent(event);
  const unfiltered = query.labels.length === 0 && query.fields.length === 0;
  const matchesNow = unfiltered || matchesQuery(target, query, decoded.object);
  const as = (type: WatchEventType): TranslatedEvent => ({ type, get object() { return decoded.object; }, json: decoded.json });
  if (event.type === 'create') return matchesNow ? as('ADDED') : undefined;
  if (event.type === 'delete') return matchesNow ? as('DELETED') : undefined;
  const previous = unfiltered ? undefined : previousOf(event, decoded);
  const matchedBefore = unfiltered || (previous !== undefined && matchesQuery(target, query, previous));
  if (matchesNow) return as(matchedBefore ? 'MODIFIED' : 'ADDED');
  return matchedBefore ? as('DELETED') : undefined;
}
