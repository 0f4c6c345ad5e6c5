import type { KeyValue, StoreEvent } from '../store.js';

/**
 * The memory backend's append-only history: every event in revision order, trimmed by
 * compaction the way kine trims its table (superseded rows and tombstones at or below the
 * compact revision go; the latest live row of every key stays).
 */
export class HistoryLog {
  private events: StoreEvent[] = [];

  append(event: StoreEvent): void {
    this.events.push(event);
  }

  /** Events with revision > afterRevision and key under `prefix`, oldest first, at most `limit`. */
  eventsAfter(afterRevision: number, prefix: string, limit: number): StoreEvent[] {
    const page: StoreEvent[] = [];
    for (let i = this.firstIndexAbove(afterRevision); i < this.events.length && page.length < limit; i++) {
      if (this.events[i].key.startsWith(prefix)) page.push(this.events[i]);
    }
    return page;
  }

  /** The live keys under `prefix` as of `revision`, unsorted. */
  stateAt(revision: number, prefix: string): KeyValue[] {
    const latest = new Map<string, StoreEvent>();
    for (const event of this.events) {
      if (event.revision > revision) break;
      if (event.key.startsWith(prefix)) latest.set(event.key, event);
    }
    const items: KeyValue[] = [];
    for (const event of latest.values()) {
      if (event.type !== 'delete') items.push(toKeyValue(event));
    }
    return items;
  }

  compact(revision: number): void {
    const lastAtOrBelow = new Map<string, number>();
    for (let i = 0; i < this.events.length && this.events[i].revision <= revision; i++) {
      lastAtOrBelow.set(this.events[i].key, i);
    }
    this.events = this.events.filter((event, i) =>
      event.revision > revision || (lastAtOrBelow.get(event.key) === i && event.type !== 'delete'));
  }

  private firstIndexAbove(revision: number): number {
    let low = 0;
    let high = this.events.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.events[mid].revision <= revision) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}

export function toKeyValue(event: StoreEvent): KeyValue {
  return { key: event.key, value: event.value, modRevision: event.revision, createRevision: event.createRevision };
}
