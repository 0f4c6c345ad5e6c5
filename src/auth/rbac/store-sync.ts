/**
 * Keeps a PolicyIndex current from the store: one list of every RBAC object, then a watch
 * from that revision. A watch cut off as too slow resumes from the last revision seen; a
 * compacted start relists. The apiserver's own registry writes what this reads.
 */
import type { Logger } from 'pino';
import type { KubeObject } from '../../api/types.js';
import type { Store, StoreEvent } from '../../store/store.js';
import type { PolicyIndex } from './policy-index.js';

/** Where the apiserver keeps every rbac.authorization.k8s.io object (registry/keys.ts). */
export const RBAC_PREFIX = '/registry/rbac.authorization.k8s.io/';

/** Pause before retrying after a backend failure, so a broken store is not hammered. */
export const RESYNC_DELAY_MS = 1000;

function decode(value: string): KubeObject | undefined {
  try {
    return JSON.parse(value) as KubeObject;
  } catch {
    return undefined;
  }
}

export interface PolicySync {
  /** Resolves once the first list is in the index. */
  ready: Promise<void>;
  close(): void;
}

export function syncPolicyIndex(store: Store, index: PolicyIndex, logger?: Logger): PolicySync {
  let closed = false;
  let cancelWatch: (() => void) | undefined;
  let retry: NodeJS.Timeout | undefined;
  let revision = 0;
  let markReady!: () => void;
  const ready = new Promise<void>((resolve) => { markReady = resolve; });

  const apply = (event: StoreEvent): void => {
    revision = event.revision;
    if (event.type === 'delete') return index.remove(event.key);
    const object = decode(event.value);
    if (object) index.put(event.key, object);
  };

  const relist = async (): Promise<void> => {
    const listed = await store.list(RBAC_PREFIX);
    if (!listed.ok) throw new Error(`RBAC list compacted at ${listed.compactRevision}`);
    index.clear();
    for (const kv of listed.items) {
      const object = decode(kv.value);
      if (object) index.put(kv.key, object);
    }
    revision = listed.revision;
  };

  const watchFrom = async (): Promise<'watching' | 'compacted'> => {
    const result = await store.watch({ prefix: RBAC_PREFIX, afterRevision: revision }, {
      onEvent: apply,
      onClose: (reason) => {
        cancelWatch = undefined;
        if (!closed && reason === 'too-slow') void run(false);
      },
    });
    if (!result.ok) return 'compacted';
    cancelWatch = result.cancel;
    if (closed) result.cancel();
    return 'watching';
  };

  const run = async (list: boolean): Promise<void> => {
    try {
      if (list) await relist();
      markReady();
      if (closed) return;
      if ((await watchFrom()) === 'compacted') await run(true);
    } catch (err) {
      if (closed) return;
      logger?.warn({ err: err instanceof Error ? err.message : String(err) }, 'RBAC policy sync failed; retrying');
      retry = setTimeout(() => void run(true), RESYNC_DELAY_MS);
    }
  };

  void run(true);
  return {
    ready,
    close() {
      closed = true;
      if (retry) clearTimeout(retry);
      cancelWatch?.();
      markReady();
    },
  };
}
