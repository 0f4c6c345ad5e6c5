import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
import { openSqliteStore } from '../../../src/store/index.js';
import { mustOk, WatchRecorder } from './contract/support.js';

const dir = mkdtempSync(join(tmpdir(), 'tug-store-reopen-'));
after(() => rmSync(dir, { recursive: true, force: true }));

void it('keeps keys, values and revisions across close and reopen, and continues the counter', async (t) => {
  const path = join(dir, 'reopen.db');
  const first = await openSqliteStore({ path });
  const a = mustOk(await first.create('/r/a', 'a1')).kv;
  const b = mustOk(await first.create('/r/b', 'b1')).kv;
  const a2 = mustOk(await first.update('/r/a', 'a2', a.modRevision)).kv;
  const deleted = mustOk(await first.delete('/r/b', b.modRevision)).revision;
  const before = mustOk(await first.list('/r/'));
  await first.close();

  const second = await openSqliteStore({ path });
  t.after(() => second.close());
  assert.equal(await second.currentRevision(), deleted);
  assert.deepEqual(mustOk(await second.list('/r/')).items, before.items);
  assert.deepEqual(await second.get('/r/a'), a2);
  const c = mustOk(await second.create('/r/c', 'c1')).kv;
  assert.equal(c.modRevision, deleted + 1);
});

void it('keeps the compact revision, and never reuses a revision whose row compaction deleted', async (t) => {
  const path = join(dir, 'compacted.db');
  const first = await openSqliteStore({ path });
  mustOk(await first.create('/r/a', 'a1'));
  // The newest row is a tombstone; compaction deletes it, yet its revision stays taken.
  const deleted = mustOk(await first.delete('/r/a')).revision;
  await first.compact(deleted);
  await first.close();

  const second = await openSqliteStore({ path });
  t.after(() => second.close());
  assert.equal(await second.compactedRevision(), deleted);
  assert.equal(await second.currentRevision(), deleted);
  assert.equal(mustOk(await second.create('/r/a', 'again')).kv.modRevision, deleted + 1);
});

void it('back-fills a watch after reopen from the history on disk', async (t) => {
  const path = join(dir, 'watch.db');
  const first = await openSqliteStore({ path });
  const start = mustOk(await first.create('/r/a', 'a1')).kv.modRevision;
  const updated = mustOk(await first.update('/r/a', 'a2')).kv.modRevision;
  await first.close();

  const second = await openSqliteStore({ path });
  t.after(() => second.close());
  const recorder = new WatchRecorder();
  mustOk(await second.watch({ prefix: '/r/', afterRevision: start }, recorder.handlers));
  await recorder.untilRevision(updated);
  assert.deepEqual(recorder.events.map((event) => [event.type, event.value, event.prevValue]), [['update', 'a2', 'a1']]);
});

void it('commits writes submitted before close, so reopening finds them', async (t) => {
  const path = join(dir, 'close.db');
  const first = await openSqliteStore({ path });
  const pending = Array.from({ length: 5 }, (_, i) => first.create(`/r/k${i}`, `v${i}`));
  await first.close();
  const results = await Promise.all(pending);
  assert.ok(results.every((result) => result.ok));

  const second = await openSqliteStore({ path });
  t.after(() => second.close());
  assert.deepEqual(mustOk(await second.list('/r/')).items.map((kv) => kv.value), ['v0', 'v1', 'v2', 'v3', 'v4']);
});
