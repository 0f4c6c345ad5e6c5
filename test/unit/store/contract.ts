import { describe } from 'node:test';
import { compactionContract } from './contract/compaction.js';
import { concurrencyContract } from './contract/concurrency.js';
import { crudContract } from './contract/crud.js';
import { listContract } from './contract/list.js';
import type { OpenStore } from './contract/support.js';
import { watchContract } from './contract/watch.js';

export type { ContractStoreOptions, OpenStore } from './contract/support.js';

/**
 * The behaviour every Store backend owes the apiserver (src/store/store.ts). Each backend's
 * test file calls this with a function that opens a fresh, empty store.
 */
export function runStoreContract(name: string, open: OpenStore): void {
  void describe(`Store contract: ${name}`, { timeout: 60_000 }, () => {
    crudContract(open);
    listContract(open);
    watchContract(open);
    compactionContract(open);
    concurrencyContract(open);
  });
}
