import type { StoreEvent } from '../store.js';

/** What a backend offers the watch hub: its log, read synchronously (one writer, one thread). */
export interface EventHistory {
  /** Events with revision > afterRevision whose key starts with `prefix`, oldest first, at most `limit`. */
  eventsAfter(afterRevision: number, prefix: string, limit: number): StoreEvent[];
  currentRevision(): number;
  compactedRevision(): number;
}
