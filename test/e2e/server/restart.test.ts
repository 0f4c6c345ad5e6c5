/**
 * Durability across restarts: objects and their resourceVersions survive a graceful stop
 * (SIGTERM) and a crash (SIGKILL), and the same kubeconfig keeps working (same CA, same token).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startTug, type TugCluster } from '../../support/cluster/index.js';

interface Item { metadata: { name: string; resourceVersion: string; uid: string } }

async function snapshot(cluster: TugCluster, resource: string): Promise<Map<string, { rv: string; uid: string }>> {
  const result = await cluster.kubectl(['get', resource, '-o', 'json']);
  assert.equal(result.code, 0, result.stderr);
  const items = (JSON.parse(result.stdout) as { items: Item[] }).items;
  return new Map(items.map((i) => [i.metadata.name, { rv: i.metadata.resourceVersion, uid: i.metadata.uid }]));
}

function manifest(name: string): string {
  return JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { name } });
}

void describe('server restart', () => {
  let cluster: TugCluster;
  void before(async () => { cluster = await startTug(); });
  void after(async () => { await cluster?.dispose(); });

  void it('keeps every object, resourceVersion and the CA across SIGTERM and start', async () => {
    for (const name of ['r1', 'r2', 'r3']) {
      assert.equal((await cluster.kubectl(['create', '-f', '-'], { input: manifest(name) })).code, 0);
    }
    assert.equal((await cluster.kubectl(['label', 'configmap', 'r2', 'edited=yes'])).code, 0);
    const before = await snapshot(cluster, 'configmaps');
    const caBefore = await readFile(join(cluster.dataDir, 'tls', 'ca.crt'), 'utf8');

    const exit = await cluster.stop('SIGTERM');
    assert.equal(exit.code, 0, `graceful stop should exit 0:\n${cluster.logs().slice(-2000)}`);
    await cluster.restart();

    assert.equal(await readFile(join(cluster.dataDir, 'tls', 'ca.crt'), 'utf8'), caBefore);
    assert.deepEqual(await snapshot(cluster, 'configmaps'), before);
    const created = await cluster.kubectl(['create', '-f', '-'], { input: manifest('r4') });
    assert.equal(created.code, 0, created.stderr);
    const after = await snapshot(cluster, 'configmaps');
    const newest = Number(after.get('r4')?.rv);
    for (const [, { rv }] of before) assert.ok(newest > Number(rv), 'revisions keep increasing after restart');
  });

  void it('keeps acknowledged creates after kill -9', async () => {
    const names = Array.from({ length: 20 }, (_, i) => `crash-${i}`);
    for (const name of names) {
      const res = await cluster.request({
        method: 'POST', path: '/api/v1/namespaces/default/configmaps', token: cluster.token,
        headers: { 'content-type': 'application/json' }, body: manifest(name),
      });
      assert.equal(res.status, 201, res.body);
    }
    await cluster.stop('SIGKILL');
    await cluster.restart();
    const after = await snapshot(cluster, 'configmaps');
    for (const name of names) assert.ok(after.has(name), `${name} survived`);
  });
});
