import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { openSqliteStore } from '../../../src/store/index.js';
import { runStoreContract } from './contract.js';

const dir = mkdtempSync(join(tmpdir(), 'tug-store-contract-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

// Compaction in slices of 2 revisions, so the contract's compactions cross several slices.
runStoreContract('sqlite', (options) =>
  openSqliteStore({ path: join(dir, `store-${files++}.db`), watch: options?.watch, compactBatchRevisions: 2 }));
