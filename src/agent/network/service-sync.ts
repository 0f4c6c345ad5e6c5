/**
 * Services + EndpointSlices (from informers) → ServiceTable → proxy.sync(), coalesced: events
 * only mark the table dirty; one loop rebuilds and applies it, again if more changes came in
 * meanwhile. `appliedRevision()` is the EndpointSlice informer's resourceVersion as it was
 * when the last completed sync read the caches — so every slice change up to that revision is
 * in effect on this host's proxy (the resolved sync is the acknowledgement, src/net/README.md).
 * The slice revision, not the newest of both informers: a later Service write (say a
 * LoadBalancer status) must not acknowledge a slice change this host has not seen yet.
 * While idle (no change pending, last sync succeeded) the informer's own revision is
 * acknowledged too, so a BOOKMARK moves it forward although nothing needed applying.
 */
import type { KubeObject } from '../../api/types.js';
import { buildServiceTable, type ServiceEntry, type ServiceTable } from '../../net/index.js';
import type { AgentLogger } from '../logger.js';

/** What the sync needs of an informer (an adapter over client/informer.ts; fakes in tests). */
export interface ObjectSource {
  list(): KubeObject[];
  /** Calls `onChange` after every add, update or delete. */
  subscribe(onChange: () => void): void;
  resourceVersion(): string;
}

export interface ServiceSyncOptions {
  services: ObjectSource;
  endpointSlices: ObjectSource;
  /** The proxy (or none): the table is still built for DNS. */
  apply?: (table: ServiceTable) => Promise<unknown>;
  /** Entries the proxy must not serve (kube-dns: the DNS server itself listens there). */
  proxyFilter?: (entry: ServiceEntry) => ServiceEntry | undefined;
  logger: AgentLogger;
}

export interface ServiceSync {
  /** Subscribes and runs the first sync; resolves once it is applied. */
  start(): Promise<void>;
  /** The latest table (DNS answers from it). */
  table(): ServiceTable;
  appliedRevision(): string | undefined;
  /** Resolves when no sync is running or pending (tests). */
  idle(): Promise<void>;
  stop(): void;
}

export function filterTable(table: ServiceTable, filter: ServiceSyncOptions['proxyFilter']): ServiceTable {
  if (!filter) return table;
  const out = new Map<string, ServiceEntry>();
  for (const [key, entry] of table) {
    const kept = filter(entry);
    if (kept) out.set(key, kept);
  }
  return out;
}

export function createServiceSync(options: ServiceSyncOptions): ServiceSync {
  let current: ServiceTable = new Map();
  let applied: string | undefined;
  let lastSyncFailed = false;
  let dirty = false;
  let stopped = false;
  let running: Promise<void> | undefined;

  async function loop(): Promise<void> {
    while (dirty && !stopped) {
      dirty = false;
      // Let a burst of watch events land before reading the caches.
      await new Promise<void>((resolve) => setImmediate(resolve));
      // Revision first, caches second: the informer updates its cache before its revision,
      // so the caches are at least as new as the revision we will acknowledge.
      const revision = options.endpointSlices.resourceVersion();
      const table = buildServiceTable({ services: options.services.list(), endpointSlices: options.endpointSlices.list() });
      current = table;
      try {
        await options.apply?.(filterTable(table, options.proxyFilter));
        if (revision !== '') applied = revision;
        lastSyncFailed = false;
      } catch (err) {
        lastSyncFailed = true;
        // sync() reports bind failures as values; anything thrown is unexpected: try again on the next change.
        options.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'service proxy sync failed');
      }
    }
  }

  function schedule(): Promise<void> {
    dirty = true;
    running ??= loop().finally(() => { running = undefined; if (dirty && !stopped) void schedule(); });
    return running;
  }

  return {
    async start() {
      options.services.subscribe(() => void schedule());
      options.endpointSlices.subscribe(() => void schedule());
      await schedule();
    },
    table: () => current,
    appliedRevision() {
      // Handlers mark `dirty` synchronously when the cache changes, before the informer moves
      // its revision: idle and clean means the caches as of that revision are applied.
      if (applied === undefined || running || dirty || lastSyncFailed) return applied;
      const seen = options.endpointSlices.resourceVersion();
      return seen !== '' && Number(seen) > Number(applied) ? seen : applied;
    },
    async idle() {
      while (running) await running;
    },
    stop() { stopped = true; },
  };
}
