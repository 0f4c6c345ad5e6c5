import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { HeartbeatTracker } from '../../../src/controllers/nodelifecycle/heartbeats.js';
import { aLease, T0 } from './nodelifecycle-builders.js';

describe('HeartbeatTracker', () => {
  it('times a renewal by when it is seen, not by the agent\'s (possibly skewed) renewTime', () => {
    const hb = new HeartbeatTracker();
    assert.equal(hb.observe('h1', aLease('h1', T0 - 3_600_000, 40), T0).lastHeartbeatMs, T0, 'first sight counts as a heartbeat');
    assert.equal(hb.observe('h1', aLease('h1', T0 - 3_600_000, 40), T0 + 5_000).lastHeartbeatMs, T0, 'same renewTime: no heartbeat');
    const renewed = hb.observe('h1', aLease('h1', T0 - 3_599_000, 40), T0 + 6_000);
    assert.deepEqual(renewed, { lastHeartbeatMs: T0 + 6_000, leaseDurationMs: 40_000 });
  });

  it('counts a node without a Lease from when it was first seen, and forgets deleted nodes', () => {
    const hb = new HeartbeatTracker();
    assert.deepEqual(hb.observe('h1', undefined, T0), { lastHeartbeatMs: T0, leaseDurationMs: 0 });
    assert.equal(hb.observe('h1', undefined, T0 + 9_000).lastHeartbeatMs, T0);
    assert.equal(hb.observe('h1', aLease('h1', T0 + 9_000), T0 + 9_500).lastHeartbeatMs, T0 + 9_500, 'the Lease appearing is a heartbeat');
    hb.forget('h1');
    assert.equal(hb.observe('h1', aLease('h1', T0 + 9_000), T0 + 20_000).lastHeartbeatMs, T0 + 20_000);
  });
});
