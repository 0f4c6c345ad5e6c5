import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { freshStore, mustOk, type OpenStore } from './support.js';

export function crudContract(open: OpenStore): void {
  void describe('create / get / update / delete', () => {
    void it('creates a key and reads it back with modRevision = createRevision', async (t) => {
      const store = await freshStore(t, open);
      const { kv } = mustOk(await store.create('/k/a', 'v1'));
      assert.deepEqual(kv, { key: '/k/a', value: 'v1', modRevision: kv.createRevision, createRevision: kv.createRevision });
      assert.deepEqual(await store.get('/k/a'), kv);
    });

    void it('returns undefined for a missing key', async (t) => {
      const store = await freshStore(t, open);
      assert.equal(await store.get('/k/missing'), undefined);
    });

    void it('refuses to create an existing key and returns the current value', async (t) => {
      const store = await freshStore(t, open);
      const { kv } = mustOk(await store.create('/k/a', 'v1'));
      assert.deepEqual(await store.create('/k/a', 'v2'), { ok: false, reason: 'exists', current: kv });
      assert.equal((await store.get('/k/a'))?.value, 'v1');
    });

    void it('updates when the expected revision matches, keeping createRevision', async (t) => {
      const store = await freshStore(t, open);
      const created = mustOk(await store.create('/k/a', 'v1')).kv;
      const { kv } = mustOk(await store.update('/k/a', 'v2', created.modRevision));
      assert.ok(kv.modRevision > created.modRevision);
      assert.equal(kv.createRevision, created.createRevision);
      assert.deepEqual(await store.get('/k/a'), kv);
    });

    void it('reports a conflict with the current value on a stale expected revision', async (t) => {
      const store = await freshStore(t, open);
      const created = mustOk(await store.create('/k/a', 'v1')).kv;
      const updated = mustOk(await store.update('/k/a', 'v2', created.modRevision)).kv;
      assert.deepEqual(await store.update('/k/a', 'v3', created.modRevision), { ok: false, reason: 'conflict', current: updated });
      assert.equal((await store.get('/k/a'))?.value, 'v2');
    });

    void it('reports not-found when updating a missing or deleted key', async (t) => {
      const store = await freshStore(t, open);
      assert.deepEqual(await store.update('/k/none', 'v', 1), { ok: false, reason: 'not-found' });
      mustOk(await store.create('/k/a', 'v1'));
      mustOk(await store.delete('/k/a'));
      assert.deepEqual(await store.update('/k/a', 'v2'), { ok: false, reason: 'not-found' });
    });

    void it('updates unconditionally without an expected revision', async (t) => {
      const store = await freshStore(t, open);
      mustOk(await store.create('/k/a', 'v1'));
      mustOk(await store.update('/k/a', 'v2'));
      const { kv } = mustOk(await store.update('/k/a', 'v3'));
      assert.equal(kv.value, 'v3');
    });

    void it('deletes with a matching expected revision and returns the last value', async (t) => {
      const store = await freshStore(t, open);
      const { kv } = mustOk(await store.create('/k/a', 'v1'));
      const deleted = mustOk(await store.delete('/k/a', kv.modRevision));
      assert.deepEqual(deleted.deleted, kv);
      assert.ok(deleted.revision > kv.modRevision);
      assert.equal(await store.get('/k/a'), undefined);
      assert.equal(await store.currentRevision(), deleted.revision);
    });

    void it('refuses a delete with a stale expected revision', async (t) => {
      const store = await freshStore(t, open);
      const created = mustOk(await store.create('/k/a', 'v1')).kv;
      const updated = mustOk(await store.update('/k/a', 'v2')).kv;
      assert.deepEqual(await store.delete('/k/a', created.modRevision), { ok: false, reason: 'conflict', current: updated });
      assert.deepEqual(await store.get('/k/a'), updated);
    });

    void it('deletes unconditionally, and reports not-found for a missing key', async (t) => {
      const store = await freshStore(t, open);
      mustOk(await store.create('/k/a', 'v1'));
      mustOk(await store.delete('/k/a'));
      assert.deepEqual(await store.delete('/k/a'), { ok: false, reason: 'not-found' });
    });

    void it('re-creates a deleted key with a new createRevision', async (t) => {
      const store = await freshStore(t, open);
      const first = mustOk(await store.create('/k/a', 'v1')).kv;
      mustOk(await store.delete('/k/a'));
      const second = mustOk(await store.create('/k/a', 'v2')).kv;
      assert.ok(second.createRevision > first.createRevision);
      assert.equal(second.createRevision, second.modRevision);
    });

    void it('gives every write the next global revision, across keys; failed writes take none', async (t) => {
      const store = await freshStore(t, open);
      const start = await store.currentRevision();
      const revisions = [
        mustOk(await store.create('/k/a', '1')).kv.modRevision,
        mustOk(await store.create('/other/b', '1')).kv.modRevision,
        mustOk(await store.update('/k/a', '2')).kv.modRevision,
      ];
      assert.equal((await store.create('/k/a', 'x')).ok, false);
      assert.equal((await store.update('/k/a', 'x', 1_000_000)).ok, false);
      revisions.push(mustOk(await store.delete('/other/b')).revision);
      revisions.push(mustOk(await store.create('/k/c', '1')).kv.modRevision);
      assert.deepEqual(revisions, [start + 1, start + 2, start + 3, start + 4, start + 5]);
      assert.equal(await store.currentRevision(), start + 5);
    });

    void it('keeps values verbatim, including unicode and empty strings', async (t) => {
      const store = await freshStore(t, open);
      const value = '{"name":"ünïcødé ✓ 🚢","empty":""}';
      mustOk(await store.create('/k/u', value));
      mustOk(await store.create('/k/e', ''));
      assert.equal((await store.get('/k/u'))?.value, value);
      assert.equal((await store.get('/k/e'))?.value, '');
    });

    void it('rejects every call after close', async () => {
      const store = await open();
      await store.close();
      await assert.rejects(store.get('/k/a'));
      await assert.rejects(store.create('/k/a', 'v'));
    });
  });
}
