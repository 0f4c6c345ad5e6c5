import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  labelSelectorMatcher, labelSelectorToString, matchesLabels, parseLabelSelector,
} from '../../../src/api/selectors/index.js';

function matches(selector: string, labels: Record<string, string> | undefined): boolean {
  const parsed = parseLabelSelector(selector);
  assert.ok(parsed.ok, `parse ${selector}`);
  return matchesLabels(parsed.value, labels);
}

describe('label selector strings', () => {
  const cases: Array<[string, Record<string, string> | undefined, boolean]> = [
    ['', undefined, true],
    ['app=web', { app: 'web' }, true],
    ['app==web', { app: 'web' }, true],
    ['app=web', { app: 'db' }, false],
    ['app!=web', { app: 'db' }, true],
    ['app!=web', {}, true],
    ['app!=web', { app: 'web' }, false],
    ['tier in (front, back)', { tier: 'back' }, true],
    ['tier in (front,back)', { tier: 'db' }, false],
    ['tier notin (front)', { tier: 'db' }, true],
    ['tier notin (front)', {}, true],
    ['tier notin (front)', { tier: 'front' }, false],
    ['app', { app: '' }, true],
    ['app', {}, false],
    ['!app', {}, true],
    ['!app', { app: 'x' }, false],
    ['app=web,tier in (a,b),!legacy', { app: 'web', tier: 'a' }, true],
    ['app=web,tier in (a,b),!legacy', { app: 'web', tier: 'a', legacy: '1' }, false],
    ['example.com/role=x', { 'example.com/role': 'x' }, true],
  ];
  for (const [selector, labels, expected] of cases) {
    it(`${JSON.stringify(selector)} on ${JSON.stringify(labels)} → ${expected}`, () => {
      assert.equal(matches(selector, labels), expected);
    });
  }

  for (const bad of ['app=web,', 'a b c', 'app=(x', 'tier in (a b)', '=x']) {
    it(`rejects ${JSON.stringify(bad)}`, () => {
      assert.equal(parseLabelSelector(bad).ok, false);
    });
  }
});

describe('LabelSelector objects', () => {
  it('matches matchLabels and matchExpressions together', () => {
    const m = labelSelectorMatcher({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['a'] }] });
    assert.equal(m({ app: 'web', tier: 'a' }), true);
    assert.equal(m({ app: 'web', tier: 'b' }), false);
  });

  it('an absent selector matches nothing and an empty one everything', () => {
    assert.equal(labelSelectorMatcher(undefined)({ a: 'b' }), false);
    assert.equal(labelSelectorMatcher({})({ a: 'b' }), true);
  });

  it('prints the selector string sorted by key', () => {
    assert.equal(labelSelectorToString({ matchLabels: { b: '2', a: '1' } }), 'a=1,b=2');
    assert.equal(
      labelSelectorToString({ matchExpressions: [{ key: 'x', operator: 'NotIn', values: ['q', 'p'] }, { key: 'y', operator: 'DoesNotExist' }] }),
      'x notin (p,q),!y',
    );
  });
});
