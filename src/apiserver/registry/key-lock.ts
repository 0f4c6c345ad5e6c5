/**
 * In-process serialisation of read-modify-write cycles per store key. Without it, N
 * concurrent unconditional writes to one object all read the same revision, one wins the
 * CAS and N-1 redo their mutation and admission: O(N²) work, and a burst could outlast any
 * retry bound. Queued, each cycle reads the previous one's result and its CAS succeeds
 * first time. The CAS and retry loop stay: other writers (creates, deletes, another
 * process on the same store) can still race.
 */
import type { Store } from '../../store/store.js';

type Tail = Promise<void>;

const locksByStore = new WeakMap<Store, Map<string, Tail>>();

function locksOf(store: Store): Map<string, Tail> {
  let locks = locksByStore.get(store);
  if (!locks) {
    locks = new Map();
    locksByStore.set(store, locks);
  }
  return locks;
}

/** Run `fn` after every earlier `withKeyLock(store, key, …)` call has settled. */
export async function withKeyLock<T>(store: Store, key: string, fn: () => Promise<T>): Promise<T> {
  const locks = locksOf(store);
  const previous = locks.get(key) ?? Promise.resolve();
  let release!: () => void;
  const mine: Tail = new Promise<void>((resolve) => { release = resolve; });
  const tail = previous.then(() => mine);
  locks.set(key, tail);
  try {
    await previous;
    return await fn();
  } finally {
    release();
    // Last in line: forget the key so the map does not grow with every object ever written.
    if (locks.get(key) === tail) locks.delete(key);
  }
}
