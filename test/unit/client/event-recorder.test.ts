import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createFakeClient, FakeClock } from '../../../src/client/index.js';
import { createEventRecorder, EVENT_REPEAT_WRITE_MS, EVENTS } from '../../../src/client/event-recorder.js';
import type { KubeObject } from '../../../src/api/types.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const pod: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'ns', uid: 'u1', resourceVersion: '7' } };
const unschedulable = { type: 'Warning' as const, reason: 'FailedScheduling', message: '0/1 nodes are available.' };

void describe('event recorder', () => {
  void it('writes one Event about the object from the component', async () => {
    const clock = new FakeClock(T0);
    const fake = createFakeClient([]);
    const events = createEventRecorder({ client: fake, clock, component: 'tug-scheduler' });
    events.record(pod, unschedulable);
    await events.flush();
    const [event] = (await fake.list(EVENTS, { namespace: 'ns' })).items;
    assert.match(event.metadata.name!, /^p\.[0-9a-f]{16}$/);
    assert.deepEqual(event.involvedObject, { apiVersion: 'v1', kind: 'Pod', namespace: 'ns', name: 'p', uid: 'u1', resourceVersion: '7' });
    assert.deepEqual([event.type, event.reason, event.message, event.count], ['Warning', 'FailedScheduling', '0/1 nodes are available.', 1]);
    assert.deepEqual(event.source, { component: 'tug-scheduler' });
    assert.equal(event.firstTimestamp, '2026-01-01T00:00:00Z');
  });

  void it('folds repeats into the count, written at most every EVENT_REPEAT_WRITE_MS and in order', async () => {
    const clock = new FakeClock(T0);
    const fake = createFakeClient([]);
    const events = createEventRecorder({ client: fake, clock, component: 'test' });
    // Recorded back to back: the repeats must not overtake the create they count on.
    for (let i = 0; i < 6; i++) events.record(pod, unschedulable);
    await events.flush();
    const writes = () => fake.actions().filter((a) => a.resource === 'events' && (a.verb === 'create' || a.verb === 'patch'));
    assert.deepEqual(writes().map((a) => a.verb), ['create'], 'repeats within the window are only counted');
    clock.advance(EVENT_REPEAT_WRITE_MS);
    events.record(pod, unschedulable);
    events.record(pod, { ...unschedulable, message: 'something else' });
    await events.flush();
    assert.deepEqual(writes().map((a) => a.verb), ['create', 'patch', 'create']);
    const [aggregated] = (await fake.list(EVENTS, { namespace: 'ns' })).items.filter((e) => e.message === unschedulable.message);
    assert.equal(aggregated.count, 7, 'the patch carries every repeat seen so far');
    assert.equal(aggregated.lastTimestamp, '2026-01-01T00:00:10Z');
  });

  void it('hands a failed write to onError and goes on', async () => {
    const clock = new FakeClock(T0);
    const fake = createFakeClient([]);
    let failing = true;
    fake.prependReactor((action) => (failing && action.verb === 'create' ? Promise.reject(new Error('boom')) : undefined));
    const errors: string[] = [];
    const events = createEventRecorder({ client: fake, clock, component: 'test', onError: (err, object, event) => errors.push(`${object.metadata.name} ${event.reason}: ${(err as Error).message}`) });
    events.record(pod, unschedulable);
    await events.flush();
    assert.deepEqual(errors, ['p FailedScheduling: boom']);
    failing = false;
    events.record(pod, { ...unschedulable, reason: 'Scheduled' });
    await events.flush();
    assert.deepEqual((await fake.list(EVENTS, { namespace: 'ns' })).items.map((e) => e.reason), ['Scheduled']);
  });
});
