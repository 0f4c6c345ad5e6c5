import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { eventually, startRbacFixture, TOKENS, type RbacFixture } from './fixture.js';

const SSAR = '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews';
const SAR = '/apis/authorization.k8s.io/v1/subjectaccessreviews';
const SSRR = '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews';
const SSR = '/apis/authentication.k8s.io/v1/selfsubjectreviews';

const canI = (verb: string, resource: string, namespace: string, group = '') => ({
  apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview',
  spec: { resourceAttributes: { verb, resource, namespace, group } },
});

/** alice gets `view` in "team" through a RoleBinding, created by the admin through the API. */
async function aliceViewsTeam(f: RbacFixture): Promise<void> {
  assert.equal((await f.call(TOKENS.admin, 'POST', '/api/v1/namespaces', { metadata: { name: 'team' } })).statusCode, 201);
  const binding = {
    apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'alice-view' },
    roleRef: { kind: 'ClusterRole', name: 'view' }, subjects: [{ kind: 'User', name: 'alice' }],
  };
  assert.equal((await f.call(TOKENS.admin, 'POST', '/apis/rbac.authorization.k8s.io/v1/namespaces/team/rolebindings', binding)).statusCode, 201);
  await eventually(async () => (await f.call(TOKENS.alice, 'GET', '/api/v1/namespaces/team/pods')).statusCode === 200, 'the binding to take effect');
}

describe('access reviews', () => {
  it('SelfSubjectAccessReview answers for the caller, in the asked namespace', async (t) => {
    const f = await startRbacFixture(t);
    await aliceViewsTeam(f);
    const podsInTeam = await f.call(TOKENS.alice, 'POST', SSAR, canI('get', 'pods', 'team'));
    assert.equal(podsInTeam.statusCode, 201);
    assert.equal(podsInTeam.json.kind, 'SelfSubjectAccessReview');
    assert.deepEqual(podsInTeam.json.status, { allowed: true });
    assert.deepEqual(podsInTeam.json.spec, canI('get', 'pods', 'team').spec, 'the spec is echoed');
    assert.equal((await f.call(TOKENS.alice, 'POST', SSAR, canI('get', 'secrets', 'team'))).json.status.allowed, false);
    assert.equal((await f.call(TOKENS.alice, 'POST', SSAR, canI('get', 'pods', 'other'))).json.status.allowed, false);
    assert.equal((await f.call(TOKENS.alice, 'POST', SSAR, canI('create', 'deployments', 'team', 'apps'))).json.status.allowed, false);
    const path = await f.call(TOKENS.alice, 'POST', SSAR, { spec: { nonResourceAttributes: { verb: 'get', path: '/apis' } } });
    assert.equal(path.json.status.allowed, true, 'system:discovery applies to every authenticated user');
  });

  it('a denial because of a binding to a missing role carries the RBAC reason', async (t) => {
    const f = await startRbacFixture(t);
    const binding = {
      metadata: { name: 'dangling' }, roleRef: { kind: 'ClusterRole', name: 'does-not-exist' }, subjects: [{ kind: 'User', name: 'alice' }],
    };
    assert.equal((await f.call(TOKENS.admin, 'POST', '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', binding)).statusCode, 201);
    await eventually(async () => (await f.call(TOKENS.alice, 'POST', SSAR, canI('get', 'pods', 'x'))).json.status.reason !== undefined, 'the reason');
    const review = await f.call(TOKENS.alice, 'POST', SSAR, canI('get', 'pods', 'x'));
    assert.deepEqual(review.json.status, { allowed: false, reason: 'RBAC: clusterrole.rbac.authorization.k8s.io "does-not-exist" not found' });
  });

  it('rejects a review with neither or both attribute kinds (422)', async (t) => {
    const f = await startRbacFixture(t);
    const res = await f.call(TOKENS.alice, 'POST', SSAR, { spec: {} });
    assert.equal(res.statusCode, 422);
    assert.match(res.json.message, /exactly one of nonResourceAttributes or resourceAttributes must be specified/);
  });

  it('SubjectAccessReview asks about someone else, and only privileged users may create one', async (t) => {
    const f = await startRbacFixture(t);
    await aliceViewsTeam(f);
    const review = { spec: { user: 'alice', resourceAttributes: { verb: 'list', resource: 'pods', namespace: 'team' } } };
    const asAdmin = await f.call(TOKENS.admin, 'POST', SAR, review);
    assert.equal(asAdmin.statusCode, 201);
    assert.equal(asAdmin.json.status.allowed, true);
    const forBob = await f.call(TOKENS.admin, 'POST', SAR, { spec: { ...review.spec, user: 'bob' } });
    assert.equal(forBob.json.status.allowed, false);
    const asAlice = await f.call(TOKENS.alice, 'POST', SAR, review);
    assert.equal(asAlice.statusCode, 403);
    assert.equal(asAlice.json.message,
      'subjectaccessreviews.authorization.k8s.io is forbidden: User "alice" cannot create resource "subjectaccessreviews" in API group "authorization.k8s.io" at the cluster scope');
    const noSubject = await f.call(TOKENS.admin, 'POST', SAR, { spec: { resourceAttributes: { verb: 'list', resource: 'pods' } } });
    assert.equal(noSubject.statusCode, 422);
  });

  it('SelfSubjectRulesReview lists the rules that apply in the namespace', async (t) => {
    const f = await startRbacFixture(t);
    await aliceViewsTeam(f);
    const team = await f.call(TOKENS.alice, 'POST', SSRR, { spec: { namespace: 'team' } });
    assert.equal(team.statusCode, 201);
    assert.equal(team.json.status.incomplete, false);
    const resources = team.json.status.resourceRules.flatMap((r: { resources: string[] }) => r.resources);
    assert.ok(resources.includes('pods') && resources.includes('selfsubjectaccessreviews'));
    assert.ok(!resources.includes('secrets'));
    assert.ok(team.json.status.nonResourceRules.some((r: { nonResourceURLs: string[] }) => r.nonResourceURLs.includes('/api/*')));
    const other = await f.call(TOKENS.alice, 'POST', SSRR, { spec: { namespace: 'other' } });
    assert.ok(!other.json.status.resourceRules.some((r: { resources: string[] }) => r.resources.includes('pods')));
  });

  it('SelfSubjectRulesReview falls back to asking the authorizer about every served resource when it cannot list rules', async (t) => {
    const f = await startRbacFixture(t, { enumerableRules: false });
    await aliceViewsTeam(f);
    const review = await f.call(TOKENS.alice, 'POST', SSRR, { spec: { namespace: 'team' } });
    assert.equal(review.statusCode, 201);
    assert.equal(review.json.status.incomplete, true);
    const byResource = new Map(review.json.status.resourceRules.map((r: { resources: string[]; verbs: string[] }) => [r.resources[0], r.verbs]));
    assert.deepEqual(byResource.get('pods'), ['get', 'list', 'watch']);
    assert.deepEqual(byResource.get('pods/log'), ['get']);
    assert.equal(byResource.has('secrets'), false);
    assert.deepEqual(byResource.get('selfsubjectaccessreviews'), ['create']);
    assert.ok(review.json.status.nonResourceRules[0].nonResourceURLs.includes('/apis'));
    assert.ok(!review.json.status.nonResourceRules[0].nonResourceURLs.includes('/metrics'));
  });

  it('SelfSubjectReview tells the caller who they are', async (t) => {
    const f = await startRbacFixture(t);
    const res = await f.call(TOKENS.bob, 'POST', SSR, { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' });
    assert.equal(res.statusCode, 201);
    assert.deepEqual(res.json.status, { userInfo: { username: 'bob', groups: ['system:authenticated'] } });
  });

  it('reviews are never stored and cannot be listed', async (t) => {
    const f = await startRbacFixture(t);
    await f.call(TOKENS.bob, 'POST', SSAR, canI('get', 'pods', 'default'));
    const listed = await f.store.list('/registry/authorization.k8s.io/');
    assert.ok(listed.ok && listed.items.length === 0);
    assert.equal((await f.call(TOKENS.admin, 'GET', SSAR)).statusCode, 405);
  });

  it('requests without a token are 401 before any review', async (t) => {
    const f = await startRbacFixture(t);
    assert.equal((await f.call(undefined, 'POST', SSAR, canI('get', 'pods', 'default'))).statusCode, 401);
  });
});
