import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { newReplicasForScaleUp, oldReplicasForScaleDown, resolveFenceposts } from '../../../src/controllers/deployment/arithmetic.js';

describe('rolling update fenceposts', () => {
  const cases: Array<[string | number | undefined, string | number | undefined, number, number, number]> = [
    // maxSurge, maxUnavailable, replicas → surge, unavailable
    ['25%', '25%', 10, 3, 2],
    ['25%', '25%', 4, 1, 1],
    ['25%', '25%', 1, 1, 0],
    ['25%', '25%', 3, 1, 0],
    [undefined, undefined, 3, 1, 0],
    [0, 0, 5, 0, 1],
    [1, 0, 3, 1, 0],
    [0, 1, 3, 0, 1],
    ['50%', '50%', 5, 3, 2],
    ['100%', '0%', 2, 2, 0],
    [2, 5, 3, 2, 3],
  ];
  for (const [surge, unavailable, replicas, wantSurge, wantUnavailable] of cases) {
    it(`maxSurge=${surge} maxUnavailable=${unavailable} replicas=${replicas} → surge ${wantSurge}, unavailable ${wantUnavailable}`, () => {
      assert.deepEqual(resolveFenceposts(surge, unavailable, replicas), { maxSurge: wantSurge, maxUnavailable: wantUnavailable });
    });
  }
});

describe('scale-up step of the new ReplicaSet', () => {
  it('surges up to desired + maxSurge in total', () => {
    const fence = { maxSurge: 1, maxUnavailable: 0 };
    const old = { name: 'old', replicas: 3, available: 3 };
    const neu = { name: 'new', replicas: 0, available: 0 };
    assert.equal(newReplicasForScaleUp(3, fence, [old, neu], neu), 1);
  });
  it('does not exceed the surge while old replicas remain', () => {
    const fence = { maxSurge: 1, maxUnavailable: 0 };
    const old = { name: 'old', replicas: 3, available: 3 };
    const neu = { name: 'new', replicas: 1, available: 0 };
    assert.equal(newReplicasForScaleUp(3, fence, [old, neu], neu), 1);
  });
  it('never goes past desired', () => {
    const fence = { maxSurge: 5, maxUnavailable: 0 };
    const neu = { name: 'new', replicas: 0, available: 0 };
    assert.equal(newReplicasForScaleUp(3, fence, [neu], neu), 3);
  });
});

describe('scale-down step of old ReplicaSets', () => {
  it('keeps desired - maxUnavailable available', () => {
    const fence = { maxSurge: 1, maxUnavailable: 0 };
    const old = { name: 'old', replicas: 3, available: 3 };
    const neu = { name: 'new', replicas: 1, available: 1 };
    assert.deepEqual([...oldReplicasForScaleDown(3, fence, [old], neu)], [['old', 2]]);
  });
  it('waits while the new pods are not available and nothing may be lost', () => {
    const fence = { maxSurge: 1, maxUnavailable: 0 };
    const old = { name: 'old', replicas: 3, available: 3 };
    const neu = { name: 'new', replicas: 1, available: 0 };
    assert.equal(oldReplicasForScaleDown(3, fence, [old], neu).size, 0);
  });
  it('removes unhealthy old replicas first even when availability is short', () => {
    const fence = { maxSurge: 1, maxUnavailable: 1 };
    const old = { name: 'old', replicas: 3, available: 1 };
    const neu = { name: 'new', replicas: 1, available: 1 };
    // total 4, minAvailable 2 → budget 2: both unhealthy old replicas go.
    assert.deepEqual([...oldReplicasForScaleDown(3, fence, [old], neu)], [['old', 1]]);
  });
  it('scales the oldest ReplicaSet down first', () => {
    const fence = { maxSurge: 0, maxUnavailable: 2 };
    const a = { name: 'a', replicas: 2, available: 2 };
    const b = { name: 'b', replicas: 2, available: 2 };
    const neu = { name: 'new', replicas: 0, available: 0 };
    assert.deepEqual([...oldReplicasForScaleDown(4, fence, [a, b], neu)], [['a', 0]]);
  });
  it('simulated rollouts converge without breaking the availability floor', () => {
    const cases: Array<[number, string | number, string | number]> = [[1, '25%', '25%'], [3, '25%', '25%'], [10, '25%', '25%'], [5, 0, 1], [4, 2, 0], [7, '50%', '10%']];
    for (const [desired, surge, unavailable] of cases) {
      const fence = resolveFenceposts(surge, unavailable, desired);
      let old = { name: 'old', replicas: desired, available: desired };
      let neu = { name: 'new', replicas: 0, available: 0 };
      for (let step = 0; step < 100 && !(neu.available === desired && old.replicas === 0); step++) {
        const up = newReplicasForScaleUp(desired, fence, [old, neu], neu);
        neu = { ...neu, replicas: up, available: up }; // new pods become available at once
        const down = oldReplicasForScaleDown(desired, fence, [old], neu).get('old');
        if (down !== undefined) old = { ...old, replicas: down, available: down };
        assert.ok(old.available + neu.available >= desired - fence.maxUnavailable, `availability floor held for ${desired}/${surge}/${unavailable}`);
        assert.ok(old.replicas + neu.replicas <= desired + fence.maxSurge, `surge ceiling held for ${desired}/${surge}/${unavailable}`);
      }
      assert.equal(neu.replicas, desired);
      assert.equal(old.replicas, 0);
    }
  });
});
