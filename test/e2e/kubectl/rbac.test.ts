/**
 * RBAC end to end with the real kubectl: tokens from `tug token create --role … --namespace`
 * get exactly the permissions of Kubernetes' view/edit/admin roles in their namespace and
 * none elsewhere (`kubectl auth can-i` matrix and real calls); a ServiceAccount's token
 * Secret authenticates as the account; no token is 401.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { startTug, type CommandResult, type TugCluster } from '../../support/cluster/index.js';

const NS = 'team';
const OTHER = 'elsewhere';
type Role = 'view' | 'edit' | 'admin';

/** [verb, resource] → allowed in NS for view, edit, admin (Kubernetes' user-facing roles). */
const MATRIX: Array<[verb: string, resource: string, expected: Record<Role, boolean>]> = [
  ['get', 'pods', { view: true, edit: true, admin: true }],
  ['get', 'secrets', { view: false, edit: true, admin: true }],
  ['create', 'deployments.apps', { view: false, edit: true, admin: true }],
  ['create', 'rolebindings.rbac.authorization.k8s.io', { view: false, edit: false, admin: true }],
];

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.fail(`timed out waiting for ${what}`);
}

void describe('RBAC with kubectl', () => {
  let cluster: TugCluster;
  const kubeconfigs = {} as Record<Role | 'serviceaccount', string>;
  const tokens = {} as Record<Role, string>;

  /** A copy of the admin kubeconfig whose user is `token`. */
  async function kubeconfigFor(name: string, token: string): Promise<string> {
    const config = parse(await readFile(cluster.kubeconfig, 'utf8'));
    for (const user of config.users) user.user = { token };
    const path = join(cluster.dataDir, `kubeconfig-${name}.yaml`);
    await writeFile(path, stringify(config), { mode: 0o600 });
    return path;
  }

  const as = (who: keyof typeof kubeconfigs, args: string[]): Promise<CommandResult> => cluster.kubectl(args, { kubeconfig: kubeconfigs[who] });

  void before(async () => {
    cluster = await startTug({ command: 'server' });
    for (const ns of [NS, OTHER]) assert.equal((await cluster.kubectl(['create', 'namespace', ns])).code, 0);
    await Promise.all((['view', 'edit', 'admin'] as const).map(async (role) => {
      const created = await cluster.tug(['token', 'create', '--role', role, '--namespace', NS]);
      assert.equal(created.code, 0, created.stderr);
      tokens[role] = created.stdout.trim();
      kubeconfigs[role] = await kubeconfigFor(role, tokens[role]);
    }));
  });
  void after(async () => { await cluster?.dispose(); });

  for (const role of ['view', 'edit', 'admin'] as const) {
    void it(`kubectl auth can-i: ${role} gets exactly its permissions in its namespace and none in another`, async () => {
      const answers = await Promise.all(MATRIX.flatMap(([verb, resource, expected]) => [NS, OTHER].map(async (ns) => {
        const result = await as(role, ['auth', 'can-i', verb, resource, '-n', ns]);
        const want = ns === NS && expected[role];
        return { question: `${verb} ${resource} -n ${ns}`, got: `${result.stdout.trim()} (${result.code})`, want: `${want ? 'yes' : 'no'} (${want ? 0 : 1})` };
      })));
      assert.deepEqual(answers.map((a) => `${a.question}: ${a.got}`), answers.map((a) => `${a.question}: ${a.want}`));
    });
  }

  void it('a view token reads pods but is Forbidden to read Secrets or another namespace', async () => {
    const pods = await as('view', ['get', 'pods', '-n', NS]);
    assert.equal(pods.code, 0, pods.stderr);
    const secrets = await as('view', ['get', 'secrets', '-n', NS]);
    assert.equal(secrets.code, 1);
    assert.match(secrets.stderr, /Error from server \(Forbidden\): secrets is forbidden: User "[^"]+" cannot list resource "secrets" in API group "" in the namespace "team"/);
    const other = await as('view', ['get', 'pods', '-n', OTHER]);
    assert.equal(other.code, 1);
    assert.match(other.stderr, /Error from server \(Forbidden\): pods is forbidden: .* in the namespace "elsewhere"/);
    const raw = await cluster.request({ path: `/api/v1/namespaces/${OTHER}/pods`, token: tokens.view });
    assert.equal(raw.status, 403);
    assert.equal((raw.json() as { reason: string }).reason, 'Forbidden');
  });

  void it('an edit token creates workloads but is Forbidden to change RBAC; an admin token may', async () => {
    const deployment = await as('edit', ['create', 'deployment', 'web', '--image=nginx:1.27', '-n', NS]);
    assert.equal(deployment.code, 0, deployment.stderr);
    const binding = ['create', 'rolebinding', 'bob-view', '--clusterrole=view', '--user=bob', '-n', NS];
    const byEdit = await as('edit', binding);
    assert.equal(byEdit.code, 1);
    assert.match(byEdit.stderr, /rolebindings\.rbac\.authorization\.k8s\.io is forbidden: User "[^"]+" cannot create resource "rolebindings" in API group "rbac\.authorization\.k8s\.io" in the namespace "team"/);
    const byAdmin = await as('admin', binding);
    assert.equal(byAdmin.code, 0, byAdmin.stderr);
    const inOther = await as('admin', ['create', 'rolebinding', 'bob-view', '--clusterrole=view', '--user=bob', '-n', OTHER]);
    assert.equal(inOther.code, 1);
    assert.match(inOther.stderr, /rolebindings\.rbac\.authorization\.k8s\.io is forbidden: .* in the namespace "elsewhere"/);
  });

  void it('kubectl auth whoami names the token user, and can-i --list shows the role\'s rules', async () => {
    const whoami = await as('view', ['auth', 'whoami', '-o', 'json']);
    assert.equal(whoami.code, 0, whoami.stderr);
    const info = JSON.parse(whoami.stdout).status.userInfo;
    assert.ok(info.groups.includes('system:authenticated'));
    const list = await as('view', ['auth', 'can-i', '--list', '-n', NS]);
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, /^pods\s+\[\]\s+\[\]\s+\[get list watch\]$/m);
    assert.doesNotMatch(list.stdout, /^secrets\s/m);
  });

  void it('a ServiceAccount gets a token Secret that authenticates as the account and obeys its RoleBinding', async () => {
    assert.equal((await cluster.kubectl(['create', 'serviceaccount', 'ci', '-n', NS])).code, 0);
    let token = '';
    await until(async () => {
      const secret = await cluster.kubectl(['get', 'secret', 'ci-token', '-n', NS, '-o', 'json']);
      if (secret.code !== 0) return false;
      const parsed = JSON.parse(secret.stdout);
      assert.equal(parsed.type, 'kubernetes.io/service-account-token');
      token = Buffer.from(parsed.data.token, 'base64').toString('utf8');
      return token.length >= 40;
    }, 'the ci-token Secret');
    kubeconfigs.serviceaccount = await kubeconfigFor('sa', token);
    const whoami = await as('serviceaccount', ['auth', 'whoami', '-o', 'json']);
    assert.equal(whoami.code, 0, whoami.stderr);
    assert.equal(JSON.parse(whoami.stdout).status.userInfo.username, 'system:serviceaccount:team:ci');
    assert.equal((await as('serviceaccount', ['auth', 'can-i', 'get', 'pods', '-n', NS])).stdout.trim(), 'no');
    const bound = await cluster.kubectl(['create', 'rolebinding', 'ci-edit', '--clusterrole=edit', '--serviceaccount=team:ci', '-n', NS]);
    assert.equal(bound.code, 0, bound.stderr);
    await until(async () => (await as('serviceaccount', ['auth', 'can-i', 'create', 'deployments.apps', '-n', NS])).stdout.trim() === 'yes', 'the binding');
    assert.equal((await as('serviceaccount', ['auth', 'can-i', 'create', 'rolebindings.rbac.authorization.k8s.io', '-n', NS])).stdout.trim(), 'no');
    assert.equal((await cluster.kubectl(['get', 'serviceaccount', 'default', '-n', NS])).code, 0, 'every namespace has a default account');
  });

  void it('a request without a token is 401 Unauthorized', async () => {
    const res = await cluster.request({ path: `/api/v1/namespaces/${NS}/pods` });
    assert.equal(res.status, 401);
    assert.equal((res.json() as { reason: string }).reason, 'Unauthorized');
  });
});
