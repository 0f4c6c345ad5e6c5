import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  effectiveGroups, nonResourceURLMatches, resourceMatches, resourceNameMatches, ruleAllows, subjectMatches,
} from '../../../src/auth/rbac/evaluate.js';
import { alice, pathRequest, resourceRequest, rule } from './builders.js';

describe('RBAC rule evaluation', () => {
  const cases: Array<{ name: string; rule: ReturnType<typeof rule>; request: ReturnType<typeof resourceRequest>; allowed: boolean }> = [
    { name: 'exact verb, group and resource', rule: rule(['get'], [''], ['pods']), request: resourceRequest('get', 'pods'), allowed: true },
    { name: 'another verb', rule: rule(['get'], [''], ['pods']), request: resourceRequest('delete', 'pods'), allowed: false },
    { name: 'verb wildcard', rule: rule(['*'], [''], ['pods']), request: resourceRequest('deletecollection', 'pods'), allowed: true },
    { name: 'another group', rule: rule(['get'], [''], ['deployments']), request: resourceRequest('get', 'deployments', { apiGroup: 'apps' }), allowed: false },
    { name: 'group wildcard', rule: rule(['get'], ['*'], ['deployments']), request: resourceRequest('get', 'deployments', { apiGroup: 'apps' }), allowed: true },
    { name: 'resource wildcard', rule: rule(['list'], ['apps'], ['*']), request: resourceRequest('list', 'replicasets', { apiGroup: 'apps' }), allowed: true },
    { name: 'resource wildcard covers subresources', rule: rule(['get'], [''], ['*']), request: resourceRequest('get', 'pods', { subresource: 'log', name: 'p' }), allowed: true },
    { name: 'a resource does not grant its subresources', rule: rule(['create'], [''], ['pods']), request: resourceRequest('create', 'pods', { subresource: 'exec', name: 'p' }), allowed: false },
    { name: 'resource/subresource', rule: rule(['create'], [''], ['pods/exec']), request: resourceRequest('create', 'pods', { subresource: 'exec', name: 'p' }), allowed: true },
    { name: 'a subresource rule does not grant the resource', rule: rule(['get'], [''], ['pods/log']), request: resourceRequest('get', 'pods', { name: 'p' }), allowed: false },
    { name: '*/subresource', rule: rule(['update'], ['apps'], ['*/scale']), request: resourceRequest('update', 'deployments', { apiGroup: 'apps', subresource: 'scale', name: 'd' }), allowed: true },
    { name: '*/subresource is not the resource', rule: rule(['update'], ['apps'], ['*/scale']), request: resourceRequest('update', 'deployments', { apiGroup: 'apps', name: 'd' }), allowed: false },
    { name: 'resourceNames: named object', rule: rule(['get'], [''], ['configmaps'], ['app']), request: resourceRequest('get', 'configmaps', { name: 'app' }), allowed: true },
    { name: 'resourceNames: other name', rule: rule(['get'], [''], ['configmaps'], ['app']), request: resourceRequest('get', 'configmaps', { name: 'other' }), allowed: false },
    { name: 'resourceNames never cover list', rule: rule(['list'], [''], ['configmaps'], ['app']), request: resourceRequest('list', 'configmaps'), allowed: false },
    { name: 'a non-resource rule never covers resources', rule: { verbs: ['get'], nonResourceURLs: ['*'] }, request: resourceRequest('get', 'pods'), allowed: false },
  ];
  for (const c of cases) {
    it(`${c.name} → ${c.allowed ? 'allowed' : 'denied'}`, () => assert.equal(ruleAllows(c.rule, c.request), c.allowed));
  }

  it('non-resource URLs: exact, trailing * prefix, and * for all', () => {
    const r = { verbs: ['get'], nonResourceURLs: ['/healthz', '/apis/*'] };
    assert.equal(ruleAllows(r, pathRequest('get', '/healthz')), true);
    assert.equal(ruleAllows(r, pathRequest('get', '/healthz/ping')), false);
    assert.equal(ruleAllows(r, pathRequest('get', '/apis/apps/v1')), true);
    assert.equal(ruleAllows(r, pathRequest('get', '/apis')), false, '/apis/* needs the slash');
    assert.equal(ruleAllows(r, pathRequest('post', '/healthz')), false, 'verb must match too');
    assert.equal(nonResourceURLMatches({ nonResourceURLs: ['*'] }, '/anything'), true);
  });

  it('resource matching helpers agree with Kubernetes on edge cases', () => {
    assert.equal(resourceMatches({ resources: ['pods/*'] }, 'pods', 'log'), false, 'pods/* is not a pattern upstream');
    assert.equal(resourceNameMatches({ resourceNames: [] }, undefined), true);
    assert.equal(resourceNameMatches({ resourceNames: ['a'] }, undefined), false);
  });
});

describe('RBAC subjects', () => {
  it('User matches by name only', () => {
    assert.equal(subjectMatches({ kind: 'User', name: 'alice' }, alice), true);
    assert.equal(subjectMatches({ kind: 'User', name: 'bob' }, alice), false);
  });

  it('Group matches any of the user groups, and every authenticated user is in system:authenticated', () => {
    assert.equal(subjectMatches({ kind: 'Group', name: 'developers' }, alice), true);
    assert.equal(subjectMatches({ kind: 'Group', name: 'ops' }, alice), false);
    assert.equal(subjectMatches({ kind: 'Group', name: 'system:authenticated' }, alice), true);
    const anonymous = { user: 'system:anonymous', groups: ['system:unauthenticated'] };
    assert.equal(subjectMatches({ kind: 'Group', name: 'system:authenticated' }, anonymous), false);
    assert.deepEqual(effectiveGroups(anonymous), ['system:unauthenticated']);
  });

  it('ServiceAccount matches system:serviceaccount:<ns>:<name>, defaulting to the binding namespace', () => {
    const sa = { user: 'system:serviceaccount:team:builder', groups: ['system:serviceaccounts'] };
    assert.equal(subjectMatches({ kind: 'ServiceAccount', name: 'builder', namespace: 'team' }, sa), true);
    assert.equal(subjectMatches({ kind: 'ServiceAccount', name: 'builder' }, sa, 'team'), true);
    assert.equal(subjectMatches({ kind: 'ServiceAccount', name: 'builder' }, sa, 'other'), false);
    assert.equal(subjectMatches({ kind: 'ServiceAccount', name: 'builder' }, sa), false, 'no namespace at all never matches');
    assert.equal(subjectMatches({ kind: 'ServiceAccount', name: 'builder', namespace: 'team' }, alice), false);
  });

  it('an unknown subject kind never matches', () => {
    assert.equal(subjectMatches({ kind: 'Robot', name: 'alice' }, alice), false);
  });
});
