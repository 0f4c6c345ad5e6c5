import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { Store } from '../../../../src/store/index.js';
import { freshStore, mustOk, type OpenStore } from './support.js';

/** Read-modify-write of a counter, retried on conflict: what every API update does. */
async function increment(store: Store, key: string): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    const current = await store.get(key);
    if (!current) throw new Error('counter missing');
    const result = await store.update(key, String(Number(current.value) + 1), current.modRevision);
    if (result.ok) return attempt;
    assert.equal(result.reason, 'conflict');
  }
}

type Op =
  | { kind: 'create'; key: string; value: string }
  | { kind: 'update' | 'delete'; key: string; value: string; expect: 'current' | 'stale' | 'none' };

const keys = ['/m/a', '/m/b', '/m/c', '/m/d'];
const opArbitrary: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('create' as const), key: fc.constantFrom(...keys), value: fc.string() }),
  fc.record({
    kind: fc.constantFrom('update' as const, 'delete' as const),
    key: fc.constantFrom(...keys),
    value: fc.string(),
    expect: fc.constantFrom('current' as const, 'stale' as const, 'none' as const),
  }),
);

/** Applies one op to the store and to a Map model; asserts both agree on the outcome. */
async function applyBoth(store: Store, model: Map<string, { value: string; revision: number }>, prefix: string, op: Op) {
  const key = prefix + op.key;
  const known = model.get(key);
  if (op.kind === 'create') {
    const result = await store.create(key, op.value);
    assert.equal(result.ok, !known);
    if (result.ok) model.set(key, { value: op.value, revision: result.kv.modRevision });
    return;
  }
  const expected = op.expect === 'none' ? undefined : op.expect === 'current' ? (known?.revision ?? 1) : 1_000_000;
  const result = op.kind === 'update' ? await store.update(key, op.value, expected) : await store.delete(key, expected);
  const shouldSucceed = known !== undefined && op.expect !== 'stale';
  assert.equal(result.ok, shouldSucceed, `${op.kind} ${key}: ${JSON.stringify(result)}`);
  if (!result.ok) return;
  if ('kv' in result) model.set(key, { value: op.value, revision: result.kv.modRevision });
  else model.delete(key);
}

export function concurrencyContract(open: OpenStore): void {
  void describe('concurrency and model equivalence', () => {
    void it('parallel read-modify-write loops with retry on conflict lose no increment', async (t) => {
      const store = await freshStore(t, open);
      mustOk(await store.create('/counter', '0'));
      const loops = 5;
      const incrementsPerLoop = 20;
      await Promise.all(Array.from({ length: loops }, async () => {
        for (let i = 0; i < incrementsPerLoop; i++) await increment(store, '/counter');
      }));
      assert.equal((await store.get('/counter'))?.value, String(loops * incrementsPerLoop));
    });

    void it('thousands of concurrent writes each get their own consecutive revision', async (t) => {
      const store = await freshStore(t, open);
      const start = await store.currentRevision();
      const count = 2_500;
      const results = await Promise.all(Array.from({ length: count }, (_, i) => store.create(`/many/k${i}`, String(i))));
      const revisions = results.map((result) => mustOk(result).kv.modRevision).sort((a, b) => a - b);
      assert.deepEqual(revisions, Array.from({ length: count }, (_, i) => start + 1 + i));
      const listed = mustOk(await store.list('/many/'));
      assert.equal(listed.items.length, count);
    });

    void it('random operation sequences leave the store equal to a simple Map model', async (t) => {
      const store = await freshStore(t, open);
      let run = 0;
      await fc.assert(fc.asyncProperty(fc.array(opArbitrary, { maxLength: 30 }), async (ops) => {
        const prefix = `/run${run++}`;
        const model = new Map<string, { value: string; revision: number }>();
        const startRevision = await store.currentRevision();
        for (const op of ops) await applyBoth(store, model, prefix, op);
        const listed = mustOk(await store.list(`${prefix}/`));
        const expected = [...model.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
        assert.deepEqual(listed.items.map((kv) => [kv.key, { value: kv.value, revision: kv.modRevision }]), expected);
        const revisions = listed.items.map((kv) => kv.modRevision);
        assert.ok(revisions.every((revision) => revision > startRevision));
      }), { numRuns: 40 });
    });
  });
}
