import type { KeyValue, ListOptions } from './store.js';

export interface Page {
  items: KeyValue[];
  more: boolean;
  remaining: number;
}

/**
 * One page of `items` (already filtered to the prefix and sorted by key): keys after
 * `startAfter`, at most `limit` of them, and how many are left behind the page.
 */
export function pageOf(items: KeyValue[], options: ListOptions): Page {
  const { startAfter, limit } = options;
  const start = startAfter === undefined ? 0 : firstIndexAfter(items, startAfter);
  const end = limit ? Math.min(items.length, start + limit) : items.length;
  return { items: items.slice(start, end), more: end < items.length, remaining: items.length - end };
}

function firstIndexAfter(items: KeyValue[], key: string): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (items[mid].key <= key) low = mid + 1;
    else high = mid;
  }
  return low;
}

export function byKey(a: KeyValue, b: KeyValue): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}
