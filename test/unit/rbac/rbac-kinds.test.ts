import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startRbacFixture, TOKENS } from './fixture.js';

const RBAC = '/apis/rbac.authorization.k8s.io/v1';
const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io';

const binding = (roleRef: Record<string, string>, subjects: unknown[]) => ({ metadata: { name: 'b' }, roleRef, subjects });

describe('RBAC kinds through the API', () => {
  it('defaults roleRef.apiGroup and subject apiGroups as Kubernetes does', async (t) => {
    const f = await startRbacFixture(t);
    const res = await f.call(TOKENS.admin, 'POST', `${RBAC}/namespaces/default/rolebindings`, binding(
      { kind: 'ClusterRole', name: 'view' },
      [{ kind: 'User', name: 'alice' }, { kind: 'Group', name: 'devs' }, { kind: 'ServiceAccount', name: 'builder' }],
    ));
    assert.equal(res.statusCode, 201);
    assert.equal(res.json.apiVersion, 'rbac.authorization.k8s.io/v1');
    assert.equal(res.json.roleRef.apiGroup, 'rbac.authorization.k8s.io');
    assert.deepEqual(res.json.subjects.map((s: { apiGroup?: string }) => s.apiGroup), ['rbac.authorization.k8s.io', 'rbac.authorization.k8s.io', '']);
  });

  it('roleRef is immutable', async (t) => {
    const f = await startRbacFixture(t);
    const url = `${RBAC}/namespaces/default/rolebindings`;
    assert.equal((await f.call(TOKENS.admin, 'POST', url, binding({ kind: 'ClusterRole', name: 'view' }, []))).statusCode, 201);
    const res = await f.call(TOKENS.admin, 'PUT', `${url}/b`, binding({ kind: 'ClusterRole', name: 'edit' }, []));
    assert.equal(res.statusCode, 422);
    assert.match(res.json.message, /roleRef: Invalid value: .*cannot change roleRef/);
    const subjectsOnly = await f.call(TOKENS.admin, 'PUT', `${url}/b`, binding({ kind: 'ClusterRole', name: 'view' }, [{ kind: 'User', name: 'bob' }]));
    assert.equal(subjectsOnly.statusCode, 200, 'subjects may change');
  });

  it('rejects unknown subject kinds, a ClusterRoleBinding to a Role, and namespaced non-resource rules', async (t) => {
    const f = await startRbacFixture(t);
    const robot = await f.call(TOKENS.admin, 'POST', `${RBAC}/namespaces/default/rolebindings`, binding({ kind: 'Role', name: 'r' }, [{ kind: 'Robot', name: 'r2' }]));
    assert.equal(robot.statusCode, 422);
    assert.match(robot.json.message, /subjects\[0\]\.kind: Unsupported value: "Robot": supported values: "ServiceAccount", "User", "Group"/);
    const toRole = await f.call(TOKENS.admin, 'POST', `${RBAC}/clusterrolebindings`, binding({ kind: 'Role', name: 'r' }, []));
    assert.equal(toRole.statusCode, 422);
    assert.match(toRole.json.message, /roleRef\.kind: Unsupported value: "Role"/);
    const saWithoutNs = await f.call(TOKENS.admin, 'POST', `${RBAC}/clusterrolebindings`, binding({ kind: 'ClusterRole', name: 'view' }, [{ kind: 'ServiceAccount', name: 'x' }]));
    assert.match(saWithoutNs.json.message, /subjects\[0\]\.namespace: Required value/);
    const role = await f.call(TOKENS.admin, 'POST', `${RBAC}/namespaces/default/roles`, {
      metadata: { name: 'r' }, rules: [{ verbs: ['get'], nonResourceURLs: ['/healthz'] }, { apiGroups: [''], resources: ['pods'] }],
    });
    assert.equal(role.statusCode, 422);
    assert.match(role.json.message, /rules\[0\]\.nonResourceURLs: Invalid value: .*namespaced rules cannot apply to non-resource URLs/);
    assert.match(role.json.message, /rules\[1\]\.verbs: Required value/);
  });

  it('accepts names with colons and an aggregationRule on ClusterRoles', async (t) => {
    const f = await startRbacFixture(t);
    const res = await f.call(TOKENS.admin, 'POST', `${RBAC}/clusterroles`, {
      metadata: { name: 'team:monitoring' },
      aggregationRule: { clusterRoleSelectors: [{ matchLabels: { 'rbac.example.com/aggregate-to-monitoring': 'true' } }] },
    });
    assert.equal(res.statusCode, 201);
    assert.equal((await f.call(TOKENS.admin, 'GET', `${RBAC}/clusterroles/team:monitoring`)).json.metadata.name, 'team:monitoring');
  });

  it('prints tables like kubectl shows them', async (t) => {
    const f = await startRbacFixture(t);
    await f.call(TOKENS.admin, 'POST', `${RBAC}/namespaces/default/rolebindings`, binding({ kind: 'ClusterRole', name: 'view' }, [
      { kind: 'User', name: 'alice' }, { kind: 'ServiceAccount', name: 'ci', namespace: 'default' },
    ]));
    const res = await f.server.app.inject({ method: 'GET', url: `${RBAC}/namespaces/default/rolebindings`, headers: { authorization: `Bearer ${TOKENS.admin}`, accept: TABLE } });
    const table = JSON.parse(res.body);
    assert.deepEqual(table.columnDefinitions.map((c: { name: string }) => c.name), ['Name', 'Role', 'Age', 'Users', 'Groups', 'ServiceAccounts']);
    const [name, role, , users, groups, sas] = table.rows[0].cells;
    assert.deepEqual([name, role, users, groups, sas], ['b', 'ClusterRole/view', 'alice', '', 'default/ci']);
    const roles = await f.server.app.inject({ method: 'GET', url: `${RBAC}/clusterroles`, headers: { authorization: `Bearer ${TOKENS.admin}`, accept: TABLE } });
    const rolesTable = JSON.parse(roles.body);
    assert.deepEqual(rolesTable.columnDefinitions.map((c: { name: string }) => c.name), ['Name', 'Created At']);
    assert.ok(rolesTable.rows.some((r: { cells: string[] }) => r.cells[0] === 'cluster-admin' && /^\d{4}-\d\d-\d\dT/.test(r.cells[1])));
  });

  it('discovery lists the RBAC group, the review resources and the sa short name', async (t) => {
    const f = await startRbacFixture(t);
    const rbac = await f.call(TOKENS.admin, 'GET', RBAC);
    assert.deepEqual(rbac.json.resources.map((r: { name: string }) => r.name).sort(), ['clusterrolebindings', 'clusterroles', 'rolebindings', 'roles']);
    const authz = await f.call(TOKENS.admin, 'GET', '/apis/authorization.k8s.io/v1');
    const ssar = authz.json.resources.find((r: { name: string }) => r.name === 'selfsubjectaccessreviews');
    assert.deepEqual(ssar.verbs, ['create']);
    assert.equal(ssar.namespaced, false);
    const core = await f.call(TOKENS.admin, 'GET', '/api/v1');
    assert.deepEqual(core.json.resources.find((r: { name: string }) => r.name === 'serviceaccounts').shortNames, ['sa']);
  });
});
