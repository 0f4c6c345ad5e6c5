import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRbacAuthorizer, PolicyIndex } from '../../../src/auth/rbac/index.js';
import type { KubeObject } from '../../../src/api/types.js';
import type { AuthorizationDecision } from '../../../src/apiserver/types.js';
import { openMemoryStore, type Store } from '../../../src/store/index.js';
import { aClusterRole, aClusterRoleBinding, alice, aRole, aRoleBinding, keyOf, resourceRequest, rule } from './builders.js';

const getPods = (namespace?: string) => resourceRequest('get', 'pods', { namespace, name: 'web' });

describe('PolicyIndex', () => {
  it('grants through a ClusterRoleBinding everywhere and through a RoleBinding only in its namespace', () => {
    const index = new PolicyIndex();
    const reader = aClusterRole('pod-reader', [rule(['get'], [''], ['pods'])]);
    index.put(keyOf(reader), reader);
    const binding = aRoleBinding('team', 'read', { kind: 'ClusterRole', name: 'pod-reader' }, [{ kind: 'User', name: 'alice' }]);
    index.put(keyOf(binding), binding);
    assert.deepEqual(index.authorize(getPods('team')), { allowed: true });
    assert.deepEqual(index.authorize(getPods('other')), { allowed: false, reason: '' });
    assert.deepEqual(index.authorize(getPods(undefined)), { allowed: false, reason: '' });

    const cluster = aClusterRoleBinding('read-all', 'pod-reader', [{ kind: 'Group', name: 'developers' }]);
    index.put(keyOf(cluster), cluster);
    assert.deepEqual(index.authorize(getPods('other')), { allowed: true });
    assert.deepEqual(index.authorize(getPods(undefined)), { allowed: true });
  });

  it('a RoleBinding to a Role uses the Role of its own namespace', () => {
    const index = new PolicyIndex();
    for (const o of [
      aRole('team', 'pods', [rule(['get'], [''], ['pods'])]),
      aRole('other', 'pods', [rule(['*'], ['*'], ['*'])]),
      aRoleBinding('team', 'pods', { kind: 'Role', name: 'pods' }, [{ kind: 'User', name: 'alice' }]),
    ]) index.put(keyOf(o), o);
    assert.equal(index.authorize(getPods('team')).allowed, true);
    assert.equal(index.authorize(resourceRequest('delete', 'pods', { namespace: 'team', name: 'web' })).allowed, false);
  });

  it('explains a denial caused by a binding to a missing role as Kubernetes does', () => {
    const index = new PolicyIndex();
    const a = aRoleBinding('team', 'a', { kind: 'Role', name: 'gone' }, [{ kind: 'User', name: 'alice' }]);
    index.put(keyOf(a), a);
    assert.deepEqual(index.authorize(getPods('team')), { allowed: false, reason: 'RBAC: role.rbac.authorization.k8s.io "gone" not found' });
    const b = aClusterRoleBinding('b', 'missing', [{ kind: 'User', name: 'alice' }]);
    index.put(keyOf(b), b);
    assert.deepEqual(index.authorize(getPods('team')), {
      allowed: false,
      reason: 'RBAC: [clusterrole.rbac.authorization.k8s.io "missing" not found, role.rbac.authorization.k8s.io "gone" not found]',
    });
  });

  it('removes what a delete removes', () => {
    const index = new PolicyIndex();
    const role = aClusterRole('r', [rule(['get'], [''], ['pods'])]);
    const binding = aClusterRoleBinding('b', 'r', [{ kind: 'User', name: 'alice' }]);
    index.put(keyOf(role), role);
    index.put(keyOf(binding), binding);
    assert.equal(index.authorize(getPods('x')).allowed, true);
    index.remove(keyOf(binding));
    assert.equal(index.authorize(getPods('x')).allowed, false);
    assert.equal(index.size, 1);
  });

  it('an aggregated ClusterRole gathers the rules of the roles its selectors match', () => {
    const index = new PolicyIndex();
    const aggregate: KubeObject = {
      ...aClusterRole('monitoring', []),
      aggregationRule: { clusterRoleSelectors: [{ matchLabels: { 'rbac.example.com/aggregate-to-monitoring': 'true' } }] },
    };
    const part = aClusterRole('pods-part', [rule(['get'], [''], ['pods'])], { 'rbac.example.com/aggregate-to-monitoring': 'true' });
    const unrelated = aClusterRole('secrets', [rule(['get'], [''], ['secrets'])]);
    const binding = aClusterRoleBinding('m', 'monitoring', [{ kind: 'User', name: 'alice' }]);
    for (const o of [aggregate, part, unrelated, binding]) index.put(keyOf(o), o);
    assert.equal(index.authorize(getPods('x')).allowed, true);
    assert.equal(index.authorize(resourceRequest('get', 'secrets', { namespace: 'x', name: 's' })).allowed, false);
  });

  it('rulesFor lists cluster-wide then namespace rules for the user', () => {
    const index = new PolicyIndex();
    for (const o of [
      aClusterRole('c', [rule(['get'], [''], ['nodes'])]),
      aRole('team', 'r', [rule(['list'], [''], ['pods'])]),
      aClusterRoleBinding('c', 'c', [{ kind: 'User', name: 'alice' }]),
      aRoleBinding('team', 'r', { kind: 'Role', name: 'r' }, [{ kind: 'User', name: 'alice' }]),
    ]) index.put(keyOf(o), o);
    assert.deepEqual(index.rulesFor(alice, 'team').rules.map((r) => r.resources), [['nodes'], ['pods']]);
    assert.deepEqual(index.rulesFor(alice, 'other').rules.map((r) => r.resources), [['nodes']]);
  });
});

async function put(store: Store, object: KubeObject): Promise<void> {
  const key = keyOf(object);
  const current = await store.get(key);
  if (current) await store.update(key, JSON.stringify(object));
  else await store.create(key, JSON.stringify(object));
}

async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  assert.fail(`timed out waiting for ${what}`);
}

describe('createRbacAuthorizer over a store', () => {
  it('loads existing policy, then follows creates, updates and deletes through the watch', async (t) => {
    const store = await openMemoryStore();
    await put(store, aClusterRole('reader', [rule(['get'], [''], ['pods'])]));
    await put(store, aRoleBinding('team', 'read', { kind: 'ClusterRole', name: 'reader' }, [{ kind: 'User', name: 'alice' }]));
    const authorizer = createRbacAuthorizer({ store });
    t.after(async () => {
      authorizer.close();
      await store.close();
    });
    const allowed = async (a = getPods('team')) => ((await authorizer.authorize(a)) as AuthorizationDecision).allowed;
    assert.equal(await allowed(), true, 'the first decision waits for the initial list');

    await put(store, aClusterRole('reader', [rule(['list'], [''], ['pods'])]));
    await eventually(async () => !(await allowed()), 'the role update to drop get');
    assert.equal(await allowed(resourceRequest('list', 'pods', { namespace: 'team' })), true);

    await store.delete(keyOf(aRoleBinding('team', 'read', { kind: 'ClusterRole', name: 'reader' }, [])));
    await eventually(async () => !(await allowed(resourceRequest('list', 'pods', { namespace: 'team' }))), 'the binding delete');

    await put(store, aClusterRoleBinding('all', 'reader', [{ kind: 'Group', name: 'system:authenticated' }]));
    await eventually(async () => allowed(resourceRequest('list', 'pods', { namespace: 'anywhere' })), 'the new cluster binding');
  });

  it('ignores objects outside the RBAC prefix and survives an undecodable value', async (t) => {
    const store = await openMemoryStore();
    await store.create('/registry/rbac.authorization.k8s.io/clusterroles/broken', '{not json');
    await store.create('/registry/core/configmaps/default/x', JSON.stringify({ kind: 'ConfigMap', metadata: { name: 'x' } }));
    const authorizer = createRbacAuthorizer({ store });
    t.after(async () => {
      authorizer.close();
      await store.close();
    });
    await authorizer.ready;
    assert.deepEqual(await authorizer.authorize(getPods('team')), { allowed: false, reason: '' });
    assert.deepEqual((await authorizer.rulesFor(alice, 'team')).rules, []);
  });
});
