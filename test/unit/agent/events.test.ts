import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../../../src/client/clock.js';
import { createFakeClient } from '../../../src/client/fake.js';
import { createAgentEventRecorder, EVENTS } from '../../../src/agent/events.js';
import { silentLogger } from '../../../src/agent/logger.js';
import { EVENT_REPEAT_WRITE_MS } from '../../../src/client/event-recorder.js';
import { T0, aPod } from './builders.js';

void describe('event recorder', () => {
  void it('writes a core/v1 Event about the pod from tug-agent', async () => {
    const clock = new FakeClock(T0);
    const client = createFakeClient([], { clock });
    const recorder = createAgentEventRecorder({ client, clock, nodeName: 'n1', logger: silentLogger });
    recorder.record(aPod(), { type: 'Normal', reason: 'Started', message: 'Started container app', fieldPath: 'spec.containers{app}' });
    await recorder.flush();
    const [event] = (await client.list(EVENTS, { namespace: 'default' })).items;
    assert.match(event.metadata.name!, /^web\.[0-9a-f]{16}$/);
    assert.deepEqual(event.involvedObject, { apiVersion: 'v1', kind: 'Pod', namespace: 'default', name: 'web', uid: 'uid-1', fieldPath: 'spec.containers{app}' });
    assert.deepEqual([event.type, event.reason, event.message, event.count], ['Normal', 'Started', 'Started container app', 1]);
    assert.deepEqual(event.source, { component: 'tug-agent', host: 'n1' });
    assert.equal(event.firstTimestamp, '2026-01-01T00:00:00Z');
  });

  void it('aggregates a repeat by bumping count and lastTimestamp', async () => {
    const clock = new FakeClock(T0);
    const client = createFakeClient([], { clock });
    const recorder = createAgentEventRecorder({ client, clock, nodeName: 'n1', logger: silentLogger });
    const backOff = { type: 'Warning' as const, reason: 'BackOff' as const, message: 'Back-off restarting failed container' };
    recorder.record(aPod(), backOff);
    clock.advance(30_000);
    recorder.record(aPod(), backOff);
    recorder.record(aPod(), { ...backOff, message: 'something else' });
    await recorder.flush();
    const items = (await client.list(EVENTS, { namespace: 'default' })).items;
    assert.equal(items.length, 2);
    const aggregated = items.find((e) => e.message === backOff.message)!;
    assert.equal(aggregated.count, 2);
    assert.equal(aggregated.firstTimestamp, '2026-01-01T00:00:00Z');
    assert.equal(aggregated.lastTimestamp, '2026-01-01T00:00:30Z');
  });

  void it('creates a fresh event when the aggregated one was deleted', async () => {
    const clock = new FakeClock(T0);
    const client = createFakeClient([], { clock });
    const recorder = createAgentEventRecorder({ client, clock, nodeName: 'n1', logger: silentLogger });
    const e = { type: 'Normal' as const, reason: 'Pulling' as const, message: 'Pulling image "x"' };
    recorder.record(aPod(), e);
    await recorder.flush();
    const [first] = (await client.list(EVENTS, { namespace: 'default' })).items;
    await client.delete(EVENTS, 'default', first.metadata.name!);
    clock.advance(EVENT_REPEAT_WRITE_MS); // a repeat is written once per window
    recorder.record(aPod(), e);
    await recorder.flush();
    const items = (await client.list(EVENTS, { namespace: 'default' })).items;
    assert.equal(items.length, 1);
    assert.equal(items[0].count, 1);
  });
});
