import type { StoreEvent, WatchHandlers } from '../store.js';
import type { EventHistory } from './history.js';

export type WatchEndReason = 'closed' | 'too-slow';

export interface WatcherOptions {
  prefix: string;
  /** Highest revision already queued or skipped; only events above it are delivered. */
  cursor: number;
  /** True while events up to the current revision still have to be read from history. */
  catchingUp: boolean;
  handlers: WatchHandlers;
  history: EventHistory;
  maxPendingEvents: number;
  backfillPageSize: number;
  onEnd: (watcher: Watcher) => void;
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * One watch: a queue drained by a single pump, so events reach the handler one at a time
 * in revision order. While catching up it reads history page by page and ignores live
 * events (they are in the log and will be read in order); once a page comes back short it
 * has read everything up to the current revision and switches to live events. Both steps
 * run synchronously between writes, which is what makes "no gap, no duplicate" hold.
 */
export class Watcher {
  private readonly options: WatcherOptions;
  private cursor: number;
  private catchingUp: boolean;
  private queue: StoreEvent[] = [];
  private head = 0;
  private pumping = false;
  private ended = false;

  constructor(options: WatcherOptions) {
    this.options = options;
    this.cursor = options.cursor;
    this.catchingUp = options.catchingUp;
    if (this.catchingUp) this.schedulePump();
  }

  get pending(): number {
    return this.queue.length - this.head;
  }

  /** A live event, called right after its write committed. */
  offer(event: StoreEvent): void {
    if (this.ended || this.catchingUp || event.revision <= this.cursor) return;
    this.cursor = event.revision;
    if (!event.key.startsWith(this.options.prefix)) return;
    this.queue.push(event);
    if (this.pending > this.options.maxPendingEvents) {
      this.end('too-slow');
      return;
    }
    this.schedulePump();
  }

  /** Idempotent. onClose runs on a later microtask so it never runs inside a writer's call. */
  end(reason: WatchEndReason): void {
    if (this.ended) return;
    this.ended = true;
    this.queue = [];
    this.head = 0;
    this.options.onEnd(this);
    queueMicrotask(() => {
      try {
        this.options.handlers.onClose(reason);
      } catch {
        // The watch is over either way; a failing close handler must not break the store.
      }
    });
  }

  private schedulePump(): void {
    if (this.pumping) return;
    this.pumping = true;
    queueMicrotask(() => void this.pump());
  }

  private async pump(): Promise<void> {
    try {
      while (!this.ended) {
        if (this.pending === 0) {
          this.queue = [];
          this.head = 0;
          if (!this.catchingUp) break;
          this.readHistoryPage();
          await yieldToEventLoop();
          continue;
        }
        const event = this.queue[this.head++];
        const settled = this.options.handlers.onEvent(event);
        if (settled instanceof Promise) await settled;
      }
    } catch {
      this.end('closed');
    } finally {
      this.pumping = false;
    }
  }

  private readHistoryPage(): void {
    const { history, prefix, backfillPageSize } = this.options;
    // Compaction overtook us: the events we still need are gone. The caller re-watches from
    // its last revision and learns it is compacted (410), then relists.
    if (this.cursor < history.compactedRevision()) {
      this.end('too-slow');
      return;
    }
    const page = history.eventsAfter(this.cursor, prefix, backfillPageSize);
    this.queue.push(...page);
    if (page.length < backfillPageSize) {
      this.cursor = history.currentRevision();
      this.catchingUp = false;
    } else {
      this.cursor = page[page.length - 1].revision;
    }
  }
}
