import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createFakeClient, FakeClock } from '../../../src/client/index.js';
import { createEventRecorder, EVENT_REPEAT_WRITE_MS } from '../../../src/controllers/runtime/events.js';
import { aPod } from './builders.js';

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('controller event recorder', () => {
  it('writes one Event, then folds repeats into its count at most every EVENT_REPEAT_WRITE_MS', async () => {
    const clock = new FakeClock(Date.parse('2026-01-01T00:00:00Z'));
    const fake = createFakeClient([]);
    const events = createEventRecorder(fake, 'test', clock);
    const pod = aPod({ name: 'p' });
    events.record(pod, 'Warning', 'FailedScheduling', '0/1 nodes are available.');
    await settle();
    for (let i = 0; i < 5; i++) events.record(pod, 'Warning', 'FailedScheduling', '0/1 nodes are available.');
    await settle();
    const writes = () => fake.actions().filter((a) => a.resource === 'events' && (a.verb === 'create' || a.verb === 'patch'));
    assert.deepEqual(writes().map((a) => a.verb), ['create'], 'repeats within the window are only counted');
    clock.advance(EVENT_REPEAT_WRITE_MS);
    events.record(pod, 'Warning', 'FailedScheduling', '0/1 nodes are available.');
    await settle();
    assert.deepEqual(writes().map((a) => a.verb), ['create', 'patch']);
    assert.equal((writes()[1].body as { count: number }).count, 7, 'the patch carries every repeat seen so far');
  });
});
