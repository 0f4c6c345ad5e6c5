import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { admitNoExecute, disruptionMode, releaseNode, type EvictionLimiterState } from '../../../src/controllers/nodelifecycle/disruption.js';
import { NODE_LIFECYCLE_DEFAULTS } from '../../../src/controllers/nodelifecycle/defaults.js';
import { T0 } from './nodelifecycle-builders.js';

const INTERVAL = NODE_LIFECYCLE_DEFAULTS.slowEvictionIntervalMs;

describe('disruptionMode', () => {
  const cases: Array<[number, number, string]> = [
    [0, 5, 'Normal'],
    [1, 2, 'Normal'],
    [2, 3, 'Normal'], // more than half, but fewer than 3 nodes
    [3, 6, 'Normal'], // 3 nodes, but exactly half
    [3, 5, 'PartialDisruption'],
    [4, 5, 'PartialDisruption'],
    [5, 5, 'FullDisruption'],
    [1, 1, 'FullDisruption'], // the only node: nowhere to move its pods anyway
    [0, 0, 'Normal'],
  ];
  for (const [unreachable, total, mode] of cases) {
    it(`${unreachable} of ${total} unreachable → ${mode}`, () => {
      assert.equal(disruptionMode(unreachable, total, NODE_LIFECYCLE_DEFAULTS), mode);
    });
  }
});

describe('admitNoExecute: the slow eviction rate', () => {
  const empty: EvictionLimiterState = { admitted: new Set() };
  const ask = (state: EvictionLimiterState, nodeName: string, nowMs: number, mode: 'Normal' | 'PartialDisruption' | 'FullDisruption' = 'PartialDisruption', alreadyTainted = false) =>
    admitNoExecute(state, { nodeName, mode, alreadyTainted, nowMs, intervalMs: INTERVAL });

  it('admits every node in Normal mode without using up the slow rate', () => {
    const a = ask(empty, 'h1', T0, 'Normal');
    assert.equal(a.admission.admitted, true);
    assert.equal(a.state.lastSlowAdmitMs, undefined);
  });

  it('admits one node per interval in a partial disruption', () => {
    const first = ask(empty, 'h1', T0);
    assert.equal(first.admission.admitted, true);
    const second = ask(first.state, 'h2', T0 + 10_000);
    assert.deepEqual(second.admission, { admitted: false, mode: 'PartialDisruption', retryAfterMs: INTERVAL - 10_000 });
    assert.equal(ask(first.state, 'h2', T0 + INTERVAL - 1).admission.admitted, false);
    const third = ask(first.state, 'h2', T0 + INTERVAL);
    assert.equal(third.admission.admitted, true);
    assert.equal(third.state.lastSlowAdmitMs, T0 + INTERVAL);
  });

  it('keeps an admitted node admitted, and a node tainted before the failure began', () => {
    const first = ask(empty, 'h1', T0);
    assert.equal(ask(first.state, 'h1', T0 + 1).admission.admitted, true);
    const tainted = ask(first.state, 'h9', T0 + 1, 'PartialDisruption', true);
    assert.equal(tainted.admission.admitted, true);
    assert.equal(tainted.state.lastSlowAdmitMs, T0, 'does not use up the slow rate');
  });

  it('admits nobody in a full disruption and forgets earlier admissions', () => {
    const first = ask(empty, 'h1', T0);
    const full = ask(first.state, 'h1', T0 + 1, 'FullDisruption', true);
    assert.deepEqual(full.admission, { admitted: false, mode: 'FullDisruption' });
    assert.equal(full.state.admitted.size, 0);
  });

  it('lets a recovered node queue anew', () => {
    const first = ask(empty, 'h1', T0);
    assert.equal(releaseNode(first.state, 'h1').admitted.has('h1'), false);
  });
});
