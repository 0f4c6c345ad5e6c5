import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { freshStore, mustOk, type OpenStore } from './support.js';

export function listContract(open: OpenStore): void {
  void describe('list', () => {
    void it('lists only keys under the prefix, in key order, not siblings sharing its text', async (t) => {
      const store = await freshStore(t, open);
      for (const key of ['/registry/pods/default/b', '/registry/pods/default2/x', '/registry/pods/default/a',
        '/registry/pods/defaulta', '/registry/pods/default', '/registry/services/default/a']) {
        mustOk(await store.create(key, key));
      }
      const result = mustOk(await store.list('/registry/pods/default/'));
      assert.deepEqual(result.items.map((kv) => kv.key), ['/registry/pods/default/a', '/registry/pods/default/b']);
      assert.equal(result.more, false);
      assert.equal(result.remaining, 0);
      assert.equal(result.revision, await store.currentRevision());
    });

    void it('lists everything with the empty prefix and leaves out deleted keys', async (t) => {
      const store = await freshStore(t, open);
      mustOk(await store.create('/a', '1'));
      mustOk(await store.create('/b', '2'));
      mustOk(await store.delete('/a'));
      assert.deepEqual(mustOk(await store.list('')).items.map((kv) => kv.key), ['/b']);
    });

    void it('pages with limit and startAfter, reporting more and remaining', async (t) => {
      const store = await freshStore(t, open);
      for (const name of ['e', 'a', 'd', 'c', 'b']) mustOk(await store.create(`/p/${name}`, name));
      const first = mustOk(await store.list('/p/', { limit: 2 }));
      assert.deepEqual(first.items.map((kv) => kv.value), ['a', 'b']);
      assert.deepEqual([first.more, first.remaining], [true, 3]);
      const second = mustOk(await store.list('/p/', { limit: 2, startAfter: '/p/b', revision: first.revision }));
      assert.deepEqual(second.items.map((kv) => kv.value), ['c', 'd']);
      assert.deepEqual([second.more, second.remaining], [true, 1]);
      const last = mustOk(await store.list('/p/', { limit: 2, startAfter: '/p/d', revision: first.revision }));
      assert.deepEqual(last.items.map((kv) => kv.value), ['e']);
      assert.deepEqual([last.more, last.remaining], [false, 0]);
    });

    void it('pages consistently at the first page\'s revision while writes go on', async (t) => {
      const store = await freshStore(t, open);
      for (const name of ['a', 'b', 'c']) mustOk(await store.create(`/p/${name}`, name));
      const first = mustOk(await store.list('/p/', { limit: 1 }));
      mustOk(await store.create('/p/bb', 'bb'));
      mustOk(await store.update('/p/c', 'c2'));
      const rest = mustOk(await store.list('/p/', { startAfter: '/p/a', revision: first.revision }));
      assert.deepEqual(rest.items.map((kv) => kv.value), ['b', 'c']);
      assert.equal(rest.revision, first.revision);
    });

    void it('reads the state as of an old revision', async (t) => {
      const store = await freshStore(t, open);
      const a1 = mustOk(await store.create('/o/a', 'a1')).kv;
      mustOk(await store.create('/o/b', 'b1'));
      const then = await store.currentRevision();
      mustOk(await store.update('/o/a', 'a2'));
      mustOk(await store.delete('/o/b'));
      mustOk(await store.create('/o/c', 'c1'));
      const old = mustOk(await store.list('/o/', { revision: then }));
      assert.deepEqual(old.items.map((kv) => [kv.key, kv.value]), [['/o/a', 'a1'], ['/o/b', 'b1']]);
      assert.deepEqual(old.items[0], a1);
      assert.equal(old.revision, then);
      const now = mustOk(await store.list('/o/'));
      assert.deepEqual(now.items.map((kv) => [kv.key, kv.value]), [['/o/a', 'a2'], ['/o/c', 'c1']]);
    });

    void it('counts remaining items at an old revision', async (t) => {
      const store = await freshStore(t, open);
      for (const name of ['a', 'b', 'c', 'd']) mustOk(await store.create(`/r/${name}`, name));
      const then = await store.currentRevision();
      mustOk(await store.delete('/r/c'));
      const page = mustOk(await store.list('/r/', { limit: 1, revision: then }));
      assert.deepEqual([page.items[0].key, page.more, page.remaining], ['/r/a', true, 3]);
    });
  });
}
