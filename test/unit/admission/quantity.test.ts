import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseQuantity } from '../../../src/api/schema/index.js';

void describe('parseQuantity', () => {
  const cases: Array<[string | number, number]> = [
    ['100m', 0.1], ['1', 1], ['2.5', 2.5], ['128Mi', 128 * 2 ** 20], ['1Gi', 2 ** 30], ['1G', 1e9],
    ['500k', 500_000], ['1Ki', 1024], ['1e3', 1000], ['250u', 0.00025], [0.5, 0.5], ['.5', 0.5], ['-1', -1],
  ];
  for (const [text, expected] of cases) {
    void it(`parses ${JSON.stringify(text)} as ${expected}`, () => {
      assert.ok(Math.abs(parseQuantity(text)! - expected) < 1e-9 * Math.max(1, expected), `${parseQuantity(text)}`);
    });
  }

  for (const bad of ['', 'abc', '12 GB', '1.2.3', 'Mi', '1MB', ' 1']) {
    void it(`rejects ${JSON.stringify(bad)}`, () => assert.equal(parseQuantity(bad), undefined));
  }
});
