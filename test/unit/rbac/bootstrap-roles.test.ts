import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PolicyIndex } from '../../../src/auth/rbac/index.js';
import { clusterRoleBindingObject, clusterRoleObject, ensureBootstrapRbac } from '../../../src/apiserver/rbac-bootstrap.js';
import { BOOTSTRAP_CLUSTER_ROLE_BINDINGS, BOOTSTRAP_CLUSTER_ROLES } from '../../../src/apiserver/rbac-bootstrap-policy.js';
import { systemClock, type UserInfo } from '../../../src/apiserver/types.js';
import { openMemoryStore } from '../../../src/store/index.js';
import { aRoleBinding, keyOf, pathRequest, resourceRequest } from './builders.js';

const NOW = new Date('2026-01-01T00:00:00Z');

function clusterWithDefaults(): PolicyIndex {
  const index = new PolicyIndex();
  for (const r of BOOTSTRAP_CLUSTER_ROLES) {
    const o = clusterRoleObject(r, NOW);
    index.put(keyOf(o), o);
  }
  for (const b of BOOTSTRAP_CLUSTER_ROLE_BINDINGS) {
    const o = clusterRoleBindingObject(b, NOW);
    index.put(keyOf(o), o);
  }
  return index;
}

/** A user holding `role` in namespace "team" through a RoleBinding (what `tug token create --role X -n team` makes). */
function userWithRole(role: string): { index: PolicyIndex; user: UserInfo } {
  const index = clusterWithDefaults();
  const binding = aRoleBinding('team', `${role}-binding`, { kind: 'ClusterRole', name: role }, [{ kind: 'User', name: `${role}-user` }]);
  index.put(keyOf(binding), binding);
  return { index, user: { user: `${role}-user`, groups: [] } };
}

type Check = [verb: string, group: string, resource: string, namespace: string, allowed: boolean, subresource?: string];

function check(role: string, checks: Check[]): void {
  const { index, user } = userWithRole(role);
  for (const [verb, apiGroup, resource, namespace, allowed, subresource] of checks) {
    const decision = index.authorize(resourceRequest(verb, resource, { user, apiGroup, namespace, subresource, name: verb === 'create' || verb === 'list' ? undefined : 'x' }));
    assert.equal(decision.allowed, allowed, `${role}: ${verb} ${resource}${subresource ? `/${subresource}` : ''} in ${namespace} should be ${allowed ? 'allowed' : 'denied'}`);
  }
}

describe('bootstrap ClusterRoles', () => {
  it('view reads workloads and config but not Secrets, and changes nothing', () => check('view', [
    ['get', '', 'pods', 'team', true], ['list', '', 'configmaps', 'team', true], ['watch', 'apps', 'deployments', 'team', true],
    ['get', '', 'pods', 'team', true, 'log'],
    ['get', '', 'namespaces', 'team', true], ['get', '', 'namespaces', 'other', false],
    ['get', '', 'secrets', 'team', false], ['list', '', 'secrets', 'team', false],
    ['create', 'apps', 'deployments', 'team', false], ['delete', '', 'pods', 'team', false],
    ['list', 'rbac.authorization.k8s.io', 'rolebindings', 'team', false],
    ['get', '', 'pods', 'other', false],
  ]));

  it('edit writes workloads, services, config, Secrets and claims but never RBAC', () => check('edit', [
    ['create', 'apps', 'deployments', 'team', true], ['patch', 'apps', 'deployments', 'team', true, 'scale'],
    ['create', '', 'services', 'team', true], ['update', '', 'configmaps', 'team', true], ['get', '', 'secrets', 'team', true],
    ['create', '', 'secrets', 'team', true], ['create', '', 'persistentvolumeclaims', 'team', true], ['create', '', 'pods', 'team', true, 'exec'],
    ['create', 'rbac.authorization.k8s.io', 'rolebindings', 'team', false], ['create', 'rbac.authorization.k8s.io', 'roles', 'team', false],
    ['get', 'rbac.authorization.k8s.io', 'roles', 'team', false],
    ['create', 'apps', 'deployments', 'other', false],
  ]));

  it('admin adds Roles and RoleBindings, within its namespace only', () => check('admin', [
    ['create', 'rbac.authorization.k8s.io', 'rolebindings', 'team', true], ['delete', 'rbac.authorization.k8s.io', 'roles', 'team', true],
    ['create', 'apps', 'deployments', 'team', true], ['get', '', 'secrets', 'team', true],
    ['create', 'rbac.authorization.k8s.io', 'rolebindings', 'other', false],
    ['create', 'rbac.authorization.k8s.io', 'clusterrolebindings', '', false],
    ['delete', '', 'namespaces', '', false],
  ]));

  it('cluster-admin is granted to system:masters for everything, resources and paths', () => {
    const index = clusterWithDefaults();
    const master = { user: 'root', groups: ['system:masters'] };
    assert.equal(index.authorize(resourceRequest('delete', 'nodes', { user: master, name: 'n1' })).allowed, true);
    assert.equal(index.authorize(pathRequest('get', '/metrics', master)).allowed, true);
  });

  it('every authenticated user may discover the API, review itself and read /version, but not list pods', () => {
    const index = clusterWithDefaults();
    const nobody = { user: 'nobody', groups: [] };
    for (const path of ['/api', '/api/v1', '/apis', '/apis/apps/v1', '/openapi/v3', '/version', '/healthz']) {
      assert.equal(index.authorize(pathRequest('get', path, nobody)).allowed, true, path);
    }
    const review = (resource: string, apiGroup = 'authorization.k8s.io') => index.authorize(resourceRequest('create', resource, { user: nobody, apiGroup }));
    assert.equal(review('selfsubjectaccessreviews').allowed, true);
    assert.equal(review('selfsubjectrulesreviews').allowed, true);
    assert.equal(review('selfsubjectreviews', 'authentication.k8s.io').allowed, true);
    assert.equal(review('subjectaccessreviews').allowed, false);
    assert.equal(index.authorize(resourceRequest('list', 'pods', { user: nobody, namespace: 'default' })).allowed, false);
  });

  it('anonymous users see only the public info paths', () => {
    const index = clusterWithDefaults();
    const anonymous = { user: 'system:anonymous', groups: ['system:unauthenticated'] };
    assert.equal(index.authorize(pathRequest('get', '/version', anonymous)).allowed, true);
    assert.equal(index.authorize(pathRequest('get', '/apis', anonymous)).allowed, false);
  });
});

describe('ensureBootstrapRbac', () => {
  it('creates the defaults labelled rbac-defaults and keeps a user edit on the next start', async (t) => {
    const store = await openMemoryStore();
    t.after(() => store.close());
    const deps = { store, clock: systemClock };
    await ensureBootstrapRbac(deps);
    const listed = await store.list('/registry/rbac.authorization.k8s.io/');
    assert.ok(listed.ok);
    const names = listed.items.map((kv) => kv.key.replace('/registry/rbac.authorization.k8s.io/', ''));
    for (const name of ['clusterroles/admin', 'clusterroles/cluster-admin', 'clusterroles/edit', 'clusterroles/view', 'clusterroles/system:basic-user',
      'clusterroles/system:discovery', 'clusterroles/system:public-info-viewer', 'clusterrolebindings/cluster-admin', 'clusterrolebindings/system:basic-user']) {
      assert.ok(names.includes(name), `${name} created`);
    }
    const viewKey = '/registry/rbac.authorization.k8s.io/clusterroles/view';
    const view = JSON.parse((await store.get(viewKey))!.value);
    assert.equal(view.metadata.labels['kubernetes.io/bootstrapping'], 'rbac-defaults');
    view.rules = [];
    await store.update(viewKey, JSON.stringify(view));
    await ensureBootstrapRbac(deps);
    assert.deepEqual(JSON.parse((await store.get(viewKey))!.value).rules, [], 'the user edit survives');
  });
});
