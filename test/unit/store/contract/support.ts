import type { TestContext } from 'node:test';
import type { Store, StoreEvent, WatchHandlers, WatchHubOptions } from '../../../../src/store/index.js';

export interface ContractStoreOptions {
  watch?: WatchHubOptions;
}

/** Opens a fresh, empty store of the backend under test. */
export type OpenStore = (options?: ContractStoreOptions) => Promise<Store>;

/** Opens a store that is closed when the test ends, pass or fail. */
export async function freshStore(t: TestContext, open: OpenStore, options?: ContractStoreOptions): Promise<Store> {
  const store = await open(options);
  t.after(() => store.close());
  return store;
}

/**
 * Records what a watch delivers and lets a test wait for a condition on it. A handler may
 * be given to hold back each event (back-pressure) — its promise settles when it says so.
 */
export class WatchRecorder {
  readonly events: StoreEvent[] = [];
  closeReason: 'closed' | 'too-slow' | undefined;
  private readonly waiters = new Set<() => void>();

  constructor(private readonly onEach?: (event: StoreEvent) => void | Promise<void>) {}

  readonly handlers: WatchHandlers = {
    onEvent: (event) => {
      this.events.push(event);
      this.notify();
      return this.onEach?.(event);
    },
    onClose: (reason) => {
      this.closeReason = reason;
      this.notify();
    },
  };

  get revisions(): number[] {
    return this.events.map((event) => event.revision);
  }

  until(condition: () => boolean): Promise<void> {
    return new Promise((resolve) => {
      const check = (): void => {
        if (!condition()) return;
        this.waiters.delete(check);
        resolve();
      };
      this.waiters.add(check);
      check();
    });
  }

  untilClosed(): Promise<void> {
    return this.until(() => this.closeReason !== undefined);
  }

  untilRevision(revision: number): Promise<void> {
    return this.until(() => this.events.some((event) => event.revision >= revision));
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}

/** Lets the event loop run a few turns (pending microtasks, immediates and group commits). */
export async function settle(turns = 5): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise((resolve) => setImmediate(resolve));
}

export function mustOk<T extends { ok: boolean }>(result: T): Extract<T, { ok: true }> {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result)}`);
  return result as Extract<T, { ok: true }>;
}
