import assert from 'node:assert/strict';
import { it } from 'node:test';
import { compactOnce, openMemoryStore, startCompactor, storeDefaults } from '../../../src/store/index.js';
import { mustOk } from './contract/support.js';

void it('compactOnce keeps keepRevisions of history behind the current revision', async (t) => {
  const store = await openMemoryStore();
  t.after(() => store.close());
  for (let i = 0; i < 25; i++) mustOk(await store.create(`/k${i}`, 'v'));
  assert.equal(await compactOnce(store, 10), 15);
  assert.equal(await store.compactedRevision(), 15);
  assert.equal(await compactOnce(store, 10), undefined);
  assert.equal(await compactOnce(store, 100), undefined);
});

void it('startCompactor compacts on its interval and stops when its signal aborts', async (t) => {
  const store = await openMemoryStore();
  t.after(() => store.close());
  for (let i = 0; i < 30; i++) mustOk(await store.create(`/k${i}`, 'v'));
  const controller = new AbortController();
  t.after(() => controller.abort());
  startCompactor(store, { intervalMs: 1, keepRevisions: 5, signal: controller.signal });
  while ((await store.compactedRevision()) !== 25) await new Promise((resolve) => setTimeout(resolve, 2));
  controller.abort();
  for (let i = 0; i < 10; i++) mustOk(await store.create(`/more${i}`, 'v'));
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(await store.compactedRevision(), 25);
});

void it('defaults to compacting every 5 minutes, keeping 10,000 revisions', () => {
  assert.equal(storeDefaults.compactIntervalMs, 300_000);
  assert.equal(storeDefaults.compactKeepRevisions, 10_000);
});
