import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Store } from '../../../../src/store/index.js';
import { freshStore, mustOk, settle, WatchRecorder, type OpenStore } from './support.js';

async function watchOk(store: Store, prefix: string, afterRevision: number, recorder: WatchRecorder, signal?: AbortSignal) {
  return mustOk(await store.watch({ prefix, afterRevision, signal }, recorder.handlers));
}

export function watchContract(open: OpenStore): void {
  void describe('watch', () => {
    void it('from revision 0 delivers only future events', async (t) => {
      const store = await freshStore(t, open);
      mustOk(await store.create('/w/old', 'old'));
      const recorder = new WatchRecorder();
      await watchOk(store, '/w/', 0, recorder);
      const { kv } = mustOk(await store.create('/w/new', 'new'));
      await recorder.untilRevision(kv.modRevision);
      assert.deepEqual(recorder.events, [
        { type: 'create', key: '/w/new', value: 'new', revision: kv.modRevision, createRevision: kv.modRevision },
      ]);
    });

    void it('describes updates and deletes with previous values; a delete carries the last value', async (t) => {
      const store = await freshStore(t, open);
      const recorder = new WatchRecorder();
      await watchOk(store, '/w/', 0, recorder);
      const created = mustOk(await store.create('/w/a', 'v1')).kv;
      const updated = mustOk(await store.update('/w/a', 'v2')).kv;
      const { revision } = mustOk(await store.delete('/w/a'));
      await recorder.untilRevision(revision);
      const base = { key: '/w/a', createRevision: created.createRevision };
      assert.deepEqual(recorder.events, [
        { ...base, type: 'create', value: 'v1', revision: created.modRevision },
        { ...base, type: 'update', value: 'v2', prevValue: 'v1', revision: updated.modRevision },
        { ...base, type: 'delete', value: 'v2', prevValue: 'v2', revision },
      ]);
    });

    void it('filters by prefix, excluding siblings that share its text', async (t) => {
      const store = await freshStore(t, open);
      const recorder = new WatchRecorder();
      await watchOk(store, '/registry/pods/default/', 0, recorder);
      mustOk(await store.create('/registry/pods/default2/x', 'no'));
      mustOk(await store.create('/registry/pods/default/a', 'yes'));
      mustOk(await store.create('/registry/pods/defaultx', 'no'));
      const last = mustOk(await store.create('/registry/pods/default/b', 'yes')).kv;
      await recorder.untilRevision(last.modRevision);
      assert.deepEqual(recorder.events.map((event) => event.key), ['/registry/pods/default/a', '/registry/pods/default/b']);
    });

    void it('watchers on nested, shared and disjoint prefixes each get exactly their keys; one ending leaves the rest', async (t) => {
      const store = await freshStore(t, open);
      const all = new WatchRecorder();
      const pods = new WatchRecorder();
      const podsToo = new WatchRecorder();
      const defaultPods = new WatchRecorder();
      const leases = new WatchRecorder();
      const ended = new WatchRecorder();
      await watchOk(store, '', 0, all);
      await watchOk(store, '/registry/pods/', 0, pods);
      await watchOk(store, '/registry/pods/', 0, podsToo);
      await watchOk(store, '/registry/pods/default/', 0, defaultPods);
      await watchOk(store, '/registry/leases/', 0, leases);
      const { cancel } = await watchOk(store, '/registry/pods/', 0, ended);
      cancel();
      await ended.untilClosed();
      mustOk(await store.create('/registry/pods/default/a', '1'));
      mustOk(await store.create('/registry/leases/n/a', '2'));
      mustOk(await store.create('/registry/pods/other/b', '3'));
      const last = mustOk(await store.create('/registry/nodes/c', '4')).kv;
      await all.untilRevision(last.modRevision);
      await settle();
      const keys = (r: WatchRecorder) => r.events.map((event) => event.key);
      assert.deepEqual(keys(all), ['/registry/pods/default/a', '/registry/leases/n/a', '/registry/pods/other/b', '/registry/nodes/c']);
      assert.deepEqual(keys(pods), ['/registry/pods/default/a', '/registry/pods/other/b']);
      assert.deepEqual(keys(podsToo), ['/registry/pods/default/a', '/registry/pods/other/b']);
      assert.deepEqual(keys(defaultPods), ['/registry/pods/default/a']);
      assert.deepEqual(keys(leases), ['/registry/leases/n/a']);
      assert.deepEqual(keys(ended), []);
    });

    void it('back-fills exactly the missed events in order, then continues live with no gap or duplicate', async (t) => {
      // A back-fill page of 3 makes the watcher cross several pages while writes continue.
      const store = await freshStore(t, open, { watch: { backfillPageSize: 3 } });
      const expected: number[] = [];
      for (let i = 0; i < 20; i++) {
        const { kv } = mustOk(await store.create(`/w/k${i}`, `v${i}`));
        mustOk(await store.create(`/elsewhere/k${i}`, 'x'));
        if (i >= 10) expected.push(kv.modRevision);
      }
      const from = expected[0] - 1;
      const writer = (async () => {
        for (let i = 0; i < 30; i++) {
          const [kv] = await Promise.all([
            store.update(`/w/k${i % 20}`, `live${i}`).then((r) => mustOk(r).kv),
            store.update(`/elsewhere/k${i % 20}`, 'y'),
          ]);
          expected.push(kv.modRevision);
        }
      })();
      const recorder = new WatchRecorder();
      await watchOk(store, '/w/', from, recorder);
      await writer;
      await recorder.untilRevision(expected[expected.length - 1]);
      await settle();
      assert.deepEqual(recorder.revisions, expected);
    });

    void it('starting at the current revision delivers only what follows', async (t) => {
      const store = await freshStore(t, open);
      mustOk(await store.create('/w/a', '1'));
      const recorder = new WatchRecorder();
      await watchOk(store, '/w/', await store.currentRevision(), recorder);
      const { kv } = mustOk(await store.update('/w/a', '2'));
      await recorder.untilRevision(kv.modRevision);
      assert.deepEqual(recorder.revisions, [kv.modRevision]);
    });

    void it('from a revision not yet written delivers only events above it', async (t) => {
      const store = await freshStore(t, open);
      const start = await store.currentRevision();
      const recorder = new WatchRecorder();
      await watchOk(store, '/w/', start + 2, recorder);
      for (let i = 0; i < 4; i++) mustOk(await store.create(`/w/k${i}`, 'v'));
      await recorder.untilRevision(start + 4);
      assert.deepEqual(recorder.revisions, [start + 3, start + 4]);
    });

    void it('waits for a handler\'s promise before the next event (back-pressure), keeping order', async (t) => {
      const store = await freshStore(t, open);
      let inFlight = 0;
      let maxInFlight = 0;
      const recorder = new WatchRecorder(async () => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await settle(1);
        inFlight--;
      });
      await watchOk(store, '/w/', 0, recorder);
      const writes = await Promise.all(Array.from({ length: 20 }, (_, i) => store.create(`/w/k${i}`, 'v')));
      const revisions = writes.map((r) => mustOk(r).kv.modRevision).sort((a, b) => a - b);
      await recorder.untilRevision(revisions[revisions.length - 1]);
      assert.deepEqual(recorder.revisions, revisions);
      assert.equal(maxInFlight, 1);
    });

    void it('cuts off a watcher that falls more than the buffer behind as too-slow', async (t) => {
      const store = await freshStore(t, open, { watch: { maxPendingEvents: 5 } });
      const recorder = new WatchRecorder(() => new Promise<void>(() => undefined));
      await watchOk(store, '/w/', 0, recorder);
      for (let i = 0; i < 10; i++) mustOk(await store.create(`/w/k${i}`, 'v'));
      await recorder.untilClosed();
      assert.equal(recorder.closeReason, 'too-slow');
      assert.equal(recorder.events.length, 1);
    });

    void it('cancel ends the watch with closed and delivers nothing more', async (t) => {
      const store = await freshStore(t, open);
      const recorder = new WatchRecorder();
      const { cancel } = await watchOk(store, '/w/', 0, recorder);
      cancel();
      await recorder.untilClosed();
      mustOk(await store.create('/w/a', 'v'));
      await settle();
      assert.equal(recorder.closeReason, 'closed');
      assert.deepEqual(recorder.events, []);
    });

    void it('an aborted signal ends the watch with closed', async (t) => {
      const store = await freshStore(t, open);
      const recorder = new WatchRecorder();
      const controller = new AbortController();
      await watchOk(store, '/w/', 0, recorder, controller.signal);
      controller.abort();
      await recorder.untilClosed();
      assert.equal(recorder.closeReason, 'closed');
    });

    void it('closing the store ends every watch with closed', async () => {
      const store = await open();
      const recorders = [new WatchRecorder(), new WatchRecorder()];
      await watchOk(store, '/w/', 0, recorders[0]);
      await watchOk(store, '', 0, recorders[1]);
      await store.close();
      await Promise.all(recorders.map((recorder) => recorder.untilClosed()));
      assert.deepEqual(recorders.map((recorder) => recorder.closeReason), ['closed', 'closed']);
    });

    void it('a handler that throws ends its own watch with closed, and the store carries on', async (t) => {
      const store = await freshStore(t, open);
      const recorder = new WatchRecorder(() => { throw new Error('handler bug'); });
      await watchOk(store, '/w/', 0, recorder);
      mustOk(await store.create('/w/a', 'v'));
      await recorder.untilClosed();
      assert.equal(recorder.closeReason, 'closed');
      mustOk(await store.create('/w/b', 'v'));
    });
  });
}
