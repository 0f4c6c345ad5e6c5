import { test } from 'node:test';
import assert from 'node:assert/strict';
import { humanDuration, since } from '../../../src/api/tables/index.js';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

// Expected strings are apimachinery's duration_test.go HumanDuration table.
const cases: Array<[number, string]> = [
  [1 * S, '1s'], [70 * S, '70s'], [119 * S, '119s'], [120 * S, '2m'],
  [150 * S, '2m30s'], [5 * M, '5m'], [9 * M + 59 * S, '9m59s'], [10 * M, '10m'], [10 * M + 30 * S, '10m'],
  [179 * M, '179m'], [3 * H, '3h'], [3 * H + 5 * M, '3h5m'], [7 * H + 59 * M, '7h59m'], [8 * H, '8h'], [8 * H + 59 * M, '8h'],
  [47 * H + 59 * M, '47h'], [48 * H, '2d'], [48 * H + 4 * H, '2d4h'], [7 * D + 23 * H, '7d23h'], [8 * D, '8d'],
  [364 * D, '364d'], [2 * 365 * D - 1, '729d'], [2 * 365 * D, '2y'], [2 * 365 * D + 20 * D, '2y20d'],
  [8 * 365 * D, '8y'], [9 * 365 * D + 40 * D, '9y'],
];

for (const [ms, expected] of cases) {
  void test(`humanDuration(${ms} ms) is ${expected}`, () => {
    assert.equal(humanDuration(ms), expected);
  });
}

void test('up to one second of clock skew reads as 0s, more is <invalid>', () => {
  assert.equal(humanDuration(-999), '0s');
  assert.equal(humanDuration(-1500), '0s');
  assert.equal(humanDuration(-2000), '<invalid>');
});

void test('since() prints <unknown> for a missing timestamp', () => {
  assert.equal(since(undefined, new Date()), '<unknown>');
  assert.equal(since('2025-01-01T00:00:00Z', new Date('2025-01-01T00:00:07Z')), '7s');
});
