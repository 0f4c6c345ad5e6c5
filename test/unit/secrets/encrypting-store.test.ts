import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { EncryptingStore, envelopeKeyId, Keyring } from '../../../src/secrets/index.js';
import { openMemoryStore, type StoreEvent } from '../../../src/store/index.js';

const SECRET = '/registry/core/secrets/ns/s';
const CM = '/registry/core/configmaps/ns/c';

describe('EncryptingStore', () => {
  it('seals Secret values only, and every read path (get, list, watch, conflicts) opens them', async (t) => {
    const raw = await openMemoryStore();
    t.after(() => raw.close());
    const store = new EncryptingStore(raw, new Keyring([{ id: 'k1', secret: randomBytes(32) }]));
    const events: StoreEvent[] = [];
    const w = await store.watch({ prefix: '/registry/', afterRevision: 0 }, { onEvent: (e) => void events.push(e), onClose: () => undefined });
    t.after(() => { if (w.ok) w.cancel(); });

    const created = await store.create(SECRET, '{"v":1}');
    assert.ok(created.ok);
    assert.equal(created.kv.value, '{"v":1}');
    assert.ok((await store.create(CM, '{"c":1}')).ok);
    assert.equal(envelopeKeyId((await raw.get(SECRET))!.value), 'k1');
    assert.equal((await raw.get(CM))!.value, '{"c":1}');

    const stale = await store.update(SECRET, '{"v":2}', 0 + 999);
    assert.equal(!stale.ok && stale.reason === 'conflict' && stale.current.value, '{"v":1}');
    const updated = await store.update(SECRET, '{"v":2}', created.kv.modRevision);
    assert.equal(updated.ok && updated.kv.value, '{"v":2}');
    assert.equal((await store.get(SECRET))!.value, '{"v":2}');
    const listed = await store.list('/registry/core/');
    assert.deepEqual(listed.ok && listed.items.map((kv) => kv.value), ['{"c":1}', '{"v":2}']);
    const deleted = await store.delete(SECRET);
    assert.equal(deleted.ok && deleted.deleted.value, '{"v":2}');

    await new Promise((r) => setTimeout(r, 20));
    const secretEvents = events.filter((e) => e.key === SECRET).map((e) => [e.type, e.value, e.prevValue]);
    assert.deepEqual(secretEvents, [['create', '{"v":1}', undefined], ['update', '{"v":2}', '{"v":1}'], ['delete', '{"v":2}', '{"v":2}']]);
  });
});
