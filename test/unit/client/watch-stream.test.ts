import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseWatchEvents, toWatchStream, WatchDecodeError } from '../../../src/client/watch-stream.js';

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of iterable) out.push(x);
  return out;
}

async function* chunks(...parts: Array<string | Uint8Array>) {
  for (const p of parts) yield p;
}

void test('events split across chunks and several events in one chunk are parsed', async () => {
  const events = await collect(parseWatchEvents(chunks(
    '{"type":"ADDED","object":{"metadata":{"name":"a"}}}\n{"type":"MOD',
    'IFIED","object":{"metadata":{"name":"a"}}}\n\n{"type":"DELETED","object":{"metadata":{"name":"a"}}}',
  )));
  assert.deepEqual(events.map((e) => e.type), ['ADDED', 'MODIFIED', 'DELETED']);
});

void test('a multi-byte character split between chunks survives', async () => {
  const bytes = Buffer.from('{"type":"ADDED","object":{"metadata":{"name":"é"}}}\n');
  const cut = bytes.indexOf(0xc3) + 1;
  const [event] = await collect(parseWatchEvents(chunks(bytes.subarray(0, cut), bytes.subarray(cut))));
  assert.equal(event.object.metadata.name, 'é');
});

void test('a malformed line is a WatchDecodeError', async () => {
  await assert.rejects(() => collect(parseWatchEvents(chunks('{"type":\n'))), WatchDecodeError);
});

void test('closing a watch stream ends iteration quietly', async () => {
  const controller = new AbortController();
  async function* endless() {
    for (let i = 0; ; i++) {
      if (controller.signal.aborted) throw Object.assign(new Error('aborted'), { name: 'AbortError' });
      yield { type: 'ADDED' as const, object: { apiVersion: 'v1', kind: 'Pod', metadata: { name: `p${i}` } } };
    }
  }
  const stream = toWatchStream(endless(), controller);
  const names: string[] = [];
  for await (const event of stream) {
    names.push(event.object.metadata.name!);
    if (names.length === 3) stream.close();
  }
  assert.deepEqual(names, ['p0', 'p1', 'p2']);
});
