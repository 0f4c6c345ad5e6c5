/**
 * Joining hosts with tokens: a real `tug server`, and `tug agent --server … --token
 * "$(cat DATA_DIR/join-token)"` (no --ca-file: the token pins the CA) with the hollow
 * runtime. The agent registers and heartbeats with its own node credential; that credential
 * reads only what its pods need; revoked, wrong and CA-mismatched tokens are refused with
 * clear one-line errors.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot, startTug, type TugCluster } from '../../support/cluster/index.js';
import { eventually } from '../workloads/support.js';

const NODE = 'joined-1';

interface Spawned {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function spawnAgent(args: string[]): Spawned {
  let output = '';
  const child = spawn(process.execPath, [join(repoRoot(), 'bin', 'tug.js'), 'agent', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (d: Buffer) => { output += d.toString(); });
  child.stderr?.on('data', (d: Buffer) => { output += d.toString(); });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function stopAgent(agent: Spawned | undefined): Promise<void> {
  if (!agent || agent.child.exitCode !== null || agent.child.signalCode !== null) return;
  agent.child.kill('SIGTERM');
  const hard = setTimeout(() => agent.child.kill('SIGKILL'), 10_000);
  await agent.exited;
  clearTimeout(hard);
}

void describe('joining hosts with tokens', () => {
  let cluster: TugCluster | undefined;
  let agent: Spawned | undefined;
  const dirs: string[] = [];
  let joinToken = '';

  const agentDir = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tug-e2e-join-'));
    dirs.push(dir);
    return dir;
  };
  const agentArgs = (token: string, name: string, dataDir: string) => [
    '--server', cluster!.url, '--token', token, '--name', name, '--runtime', 'hollow', '--port', '0', '--data-dir', dataDir, '--log-level', 'warn',
  ];
  /** A join attempt expected to fail fast: its exit code and its output. */
  const failedJoin = async (token: string) => {
    const attempt = spawnAgent(agentArgs(token, 'refused-1', await agentDir()));
    const kill = setTimeout(() => attempt.child.kill('SIGKILL'), 20_000);
    const code = await attempt.exited;
    clearTimeout(kill);
    return { code, output: attempt.output() };
  };
  const debug = () => `--- agent ---\n${agent?.output().slice(-2000) ?? ''}\n--- server ---\n${cluster?.logs().slice(-2000) ?? ''}`;

  before(async () => {
    cluster = await startTug({ command: 'server' });
    joinToken = (await readFile(join(cluster.dataDir, 'join-token'), 'utf8')).trim();
    agent = spawnAgent(agentArgs(joinToken, NODE, await agentDir()));
  });

  after(async () => {
    await stopAgent(agent);
    await cluster?.dispose();
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  void it('writes DATA_DIR/join-token (0600) in the K10<ca sha256>::<id>.<secret> form', async () => {
    assert.match(joinToken, /^K10[0-9a-f]{64}::[a-z0-9]{6}\.[A-Za-z0-9]{32,}$/);
    assert.equal((await stat(join(cluster!.dataDir, 'join-token'))).mode & 0o777, 0o600);
  });

  void it('registers the joined Node and renews its Lease with its own credential', async () => {
    const c = cluster!;
    await eventually(`node ${NODE} registered`, async () => ((await c.request({ path: `/api/v1/nodes/${NODE}`, token: c.token })).status === 200 ? true : undefined), { describe: async () => debug() });
    const renewTime = async () => {
      const res = await c.request({ path: `/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${NODE}`, token: c.token });
      return res.status === 200 ? (res.json() as { spec?: { renewTime?: string } }).spec?.renewTime : undefined;
    };
    const first = await eventually('a Lease', renewTime, { describe: async () => debug() });
    await eventually('a renewed Lease', async () => ((await renewTime()) !== first ? true : undefined), { describe: async () => debug() });
  });

  void it('keeps the agent to what its pods need (node authorizer)', async () => {
    const c = cluster!;
    const credentials = JSON.parse(await readFile(join(dirs[0], 'credentials.json'), 'utf8')) as { token: string; user: string };
    assert.equal(credentials.user, `system:node:${NODE}`);
    assert.equal((await stat(join(dirs[0], 'credentials.json'))).mode & 0o777, 0o600);
    const asNode = (path: string, method = 'GET', body?: string) => c.request({
      path, method, body, token: credentials.token, headers: body ? { 'content-type': 'application/merge-patch+json' } : {},
    });
    const secret = (name: string) => JSON.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name }, stringData: { k: 'v' } });
    for (const name of ['used', 'unused']) {
      const created = await c.request({ method: 'POST', path: '/api/v1/namespaces/default/secrets', token: c.token, body: secret(name), headers: { 'content-type': 'application/json' } });
      assert.equal(created.status, 201, created.body);
    }
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'uses-secret' }, spec: { nodeName: NODE, containers: [{ name: 'c', image: 'x' }], volumes: [{ name: 's', secret: { secretName: 'used' } }] } };
    const createdPod = await c.request({ method: 'POST', path: '/api/v1/namespaces/default/pods', token: c.token, body: JSON.stringify(pod), headers: { 'content-type': 'application/json' } });
    assert.equal(createdPod.status, 201, createdPod.body);

    assert.equal((await asNode('/api/v1/namespaces/default/secrets/used')).status, 200);
    assert.equal((await asNode('/api/v1/namespaces/default/secrets/unused')).status, 403);
    assert.equal((await asNode('/api/v1/namespaces/kube-system/secrets')).status, 403);
    assert.equal((await asNode(`/api/v1/nodes/${NODE}`, 'PATCH', '{"metadata":{"labels":{"e2e":"own"}}}')).status, 200);
    const other = await asNode('/api/v1/nodes/someone-else', 'PATCH', '{"metadata":{"labels":{"e2e":"other"}}}');
    assert.equal(other.status, 403, other.body);
    assert.equal((await asNode('/api/v1/pods')).status, 200);
  });

  void it('prints one token line from `tug token create`, usable to join', async () => {
    const created = await cluster!.tug(['token', 'create', '--description', 'e2e']);
    assert.equal(created.code, 0, created.stderr);
    assert.match(created.stdout, /^K10[0-9a-f]{64}::[a-z0-9]{6}\.[A-Za-z0-9]{32,}\n$/);
    const listed = await cluster!.tug(['token', 'list']);
    assert.match(listed.stdout, new RegExp(`^${created.stdout.slice(69, 75)}\\s+join\\s+.*e2e$`, 'm'));
    // Usable to join (an agent process joining is covered above; here the endpoint alone).
    const joined = await cluster!.request({
      method: 'POST', path: '/tugboat/v1/join', token: created.stdout.trim(), body: '{"nodeName":"joined-2"}', headers: { 'content-type': 'application/json' },
    });
    assert.equal(joined.status, 200, joined.body);
    assert.equal((joined.json() as { user: string }).user, 'system:node:joined-2');
  });

  void it('gives a --role token exactly its binding, and revoke removes both', async () => {
    const c = cluster!;
    const created = await c.tug(['token', 'create', '--role', 'view', '--namespace', 'default', '--ttl', '1h']);
    assert.equal(created.code, 0, created.stderr);
    const token = created.stdout.trim();
    const id = token.slice(69, 75);
    assert.equal((await c.request({ path: '/api/v1/namespaces/default/pods', token })).status, 200);
    assert.equal((await c.request({ path: '/api/v1/namespaces/kube-system/pods', token })).status, 403);
    const binding = `/apis/rbac.authorization.k8s.io/v1/namespaces/default/rolebindings/tug-token-${id}`;
    assert.equal((await c.request({ path: binding, token: c.token })).status, 200);
    const revoked = await c.tug(['token', 'revoke', id]);
    assert.equal(revoked.code, 0, revoked.stderr);
    assert.equal((await c.request({ path: '/api/v1/namespaces/default/pods', token })).status, 401);
    assert.equal((await c.request({ path: binding, token: c.token })).status, 404);
  });

  void it('rejects bad token flags with a one-line error', async () => {
    const result = await cluster!.tug(['token', 'create', '--role', 'root']);
    assert.notEqual(result.code, 0);
    assert.equal(result.stdout, '');
    assert.match(result.stderr.trim(), /^error: invalid --role "root": expected one of view, edit, admin, cluster-admin$/);
  });

  void it('refuses a wrong token with a clear error', async () => {
    const wrong = joinToken.replace(/\.[A-Za-z0-9]+$/, `.${'W'.repeat(40)}`);
    const result = await failedJoin(wrong);
    assert.notEqual(result.code, 0);
    assert.match(result.output, /the server refused the join token \(wrong, expired or revoked\)/);
  });

  void it('refuses a token whose CA hash does not match the server', async () => {
    const result = await failedJoin(joinToken.replace(/^K10[0-9a-f]{64}/, `K10${'0'.repeat(64)}`));
    assert.notEqual(result.code, 0);
    assert.match(result.output, /the server's CA \(sha256 [0-9a-f]{64}\) does not match the token \(0{64}\): wrong server or token/);
  });

  void it('refuses new joins once the join token is revoked', async () => {
    const id = joinToken.slice(69, 75);
    const revoked = await cluster!.tug(['token', 'revoke', id]);
    assert.equal(revoked.code, 0, revoked.stderr);
    const result = await failedJoin(joinToken);
    assert.notEqual(result.code, 0);
    assert.match(result.output, /the server refused the join token \(wrong, expired or revoked\)/);
  });
});
