import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Store } from '../../../../src/store/index.js';
import { freshStore, mustOk, settle, WatchRecorder, type OpenStore } from './support.js';

/** a: created then updated twice; b: created then deleted; c: created once. Returns revisions. */
async function writeHistory(store: Store) {
  const a1 = mustOk(await store.create('/c/a', 'a1')).kv;
  mustOk(await store.create('/c/b', 'b1'));
  const c1 = mustOk(await store.create('/c/c', 'c1')).kv;
  mustOk(await store.update('/c/a', 'a2'));
  const bDeleted = mustOk(await store.delete('/c/b')).revision;
  const a3 = mustOk(await store.update('/c/a', 'a3')).kv;
  return { a1, c1, bDeleted, a3 };
}

export function compactionContract(open: OpenStore): void {
  void describe('compaction', () => {
    void it('starts uncompacted', async (t) => {
      const store = await freshStore(t, open);
      assert.equal(await store.compactedRevision(), 0);
    });

    void it('keeps current values and their revisions', async (t) => {
      const store = await freshStore(t, open);
      const { c1, a3 } = await writeHistory(store);
      const before = mustOk(await store.list('/c/'));
      await store.compact(await store.currentRevision());
      assert.equal(await store.compactedRevision(), a3.modRevision);
      assert.deepEqual(mustOk(await store.list('/c/')).items, before.items);
      assert.deepEqual(await store.get('/c/c'), c1);
      assert.equal(await store.get('/c/b'), undefined);
      assert.deepEqual(await store.get('/c/a'), a3);
    });

    void it('answers compacted, with the compact revision, for lists and watches from before it', async (t) => {
      const store = await freshStore(t, open);
      const { a1, bDeleted } = await writeHistory(store);
      await store.compact(bDeleted);
      const expected = { ok: false, reason: 'compacted', compactRevision: bDeleted };
      assert.deepEqual(await store.list('/c/', { revision: a1.modRevision }), expected);
      assert.deepEqual(await store.watch({ prefix: '/c/', afterRevision: a1.modRevision }, new WatchRecorder().handlers), expected);
    });

    void it('still serves lists at, and watches from, the compact revision itself', async (t) => {
      const store = await freshStore(t, open);
      const { bDeleted, a3 } = await writeHistory(store);
      await store.compact(bDeleted);
      const atCompact = mustOk(await store.list('/c/', { revision: bDeleted }));
      assert.deepEqual(atCompact.items.map((kv) => [kv.key, kv.value]), [['/c/a', 'a2'], ['/c/c', 'c1']]);
      const recorder = new WatchRecorder();
      mustOk(await store.watch({ prefix: '/c/', afterRevision: bDeleted }, recorder.handlers));
      await recorder.untilRevision(a3.modRevision);
      assert.deepEqual(recorder.events.map((event) => [event.type, event.value, event.prevValue]), [['update', 'a3', 'a2']]);
    });

    void it('allows a watch from revision 0 whatever was compacted', async (t) => {
      const store = await freshStore(t, open);
      await writeHistory(store);
      await store.compact(await store.currentRevision());
      mustOk(await store.watch({ prefix: '/c/', afterRevision: 0 }, new WatchRecorder().handlers));
    });

    void it('never moves backwards and never passes the current revision', async (t) => {
      const store = await freshStore(t, open);
      const { bDeleted } = await writeHistory(store);
      await store.compact(bDeleted);
      await store.compact(1);
      assert.equal(await store.compactedRevision(), bDeleted);
      await store.compact(1_000_000);
      assert.equal(await store.compactedRevision(), await store.currentRevision());
    });

    void it('lets a re-created key and later writes carry on after compaction', async (t) => {
      const store = await freshStore(t, open);
      await writeHistory(store);
      await store.compact(await store.currentRevision());
      const b = mustOk(await store.create('/c/b', 'b2')).kv;
      assert.ok(b.modRevision > (await store.compactedRevision()));
      const a = mustOk(await store.update('/c/a', 'a4', (await store.get('/c/a'))?.modRevision)).kv;
      mustOk(await store.delete('/c/b', b.modRevision));
      assert.deepEqual(mustOk(await store.list('/c/')).items.map((kv) => kv.value), ['a4', 'c1']);
      assert.equal(a.value, 'a4');
    });

    void it('cuts off as too-slow a back-filling watcher that compaction overtook', async (t) => {
      const store = await freshStore(t, open, { watch: { backfillPageSize: 1 } });
      const { a1, a3 } = await writeHistory(store);
      let release: () => void = () => undefined;
      const recorder = new WatchRecorder(() => new Promise<void>((resolve) => { release = resolve; }));
      mustOk(await store.watch({ prefix: '/c/', afterRevision: a1.modRevision }, recorder.handlers));
      await recorder.until(() => recorder.events.length === 1);
      await store.compact(a3.modRevision);
      release();
      await recorder.untilClosed();
      assert.equal(recorder.closeReason, 'too-slow');
      await settle();
      assert.equal(recorder.events.length, 1);
    });
  });
}
