import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { aDeployment, startFixture, type Fixture } from './helpers.js';

const DEPLOYS = '/apis/apps/v1/namespaces/default/deployments';
const SMP = { 'content-type': 'application/strategic-merge-patch+json' };
const MERGE = { 'content-type': 'application/merge-patch+json' };
const JSONPATCH = { 'content-type': 'application/json-patch+json' };

async function withDeployment(f: Fixture): Promise<any> {
  const res = await f.call('POST', DEPLOYS, aDeployment('web'));
  assert.equal(res.statusCode, 201, res.body);
  return res.json;
}

describe('generation and status ownership (§8)', () => {
  it('bumps generation on a spec change, not on a label change', async (t) => {
    const f = await startFixture(t);
    await withDeployment(f);
    const labelled = await f.call('PATCH', `${DEPLOYS}/web`, { metadata: { labels: { x: 'y' } } }, MERGE);
    assert.equal(labelled.json.metadata.generation, 1);
    const scaled = await f.call('PATCH', `${DEPLOYS}/web`, { spec: { replicas: 5 } }, MERGE);
    assert.equal(scaled.json.metadata.generation, 2);
  });

  it('bumps a Deployment generation on an annotation change', async (t) => {
    const f = await startFixture(t);
    await withDeployment(f);
    const res = await f.call('PATCH', `${DEPLOYS}/web`, { metadata: { annotations: { note: 'x' } } }, MERGE);
    assert.equal(res.json.metadata.generation, 2);
  });

  it('keeps status on main-resource writes and spec on /status writes', async (t) => {
    const f = await startFixture(t);
    const created = await withDeployment(f);
    const withStatus = await f.call('PUT', `${DEPLOYS}/web/status`, { ...created, spec: { ...created.spec, replicas: 9 }, status: { observedGeneration: 1, replicas: 2 } });
    assert.equal(withStatus.statusCode, 200, withStatus.body);
    assert.equal(withStatus.json.status.replicas, 2);
    assert.equal(withStatus.json.spec.replicas, 2);
    assert.equal(withStatus.json.metadata.generation, 1);

    const main = await f.call('PUT', `${DEPLOYS}/web`, { ...withStatus.json, status: { replicas: 100 } });
    assert.equal(main.json.status.replicas, 2);

    const patched = await f.call('PATCH', `${DEPLOYS}/web/status`, { status: { readyReplicas: 2 } }, MERGE);
    assert.deepEqual(patched.json.status, { observedGeneration: 1, replicas: 2, readyReplicas: 2 });
    const got = await f.call('GET', `${DEPLOYS}/web/status`);
    assert.equal(got.json.status.readyReplicas, 2);
  });

  it('changes resourceVersion on every write, status writes included', async (t) => {
    const f = await startFixture(t);
    const created = await withDeployment(f);
    const a = await f.call('PATCH', `${DEPLOYS}/web/status`, { status: { replicas: 1 } }, MERGE);
    assert.notEqual(a.json.metadata.resourceVersion, created.metadata.resourceVersion);
  });
});

describe('PATCH', () => {
  it('applies the SMP kubectl set image sends', async (t) => {
    const f = await startFixture(t);
    await withDeployment(f);
    const res = await f.call('PATCH', `${DEPLOYS}/web?fieldManager=kubectl-set`, {
      spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'nginx' }], containers: [{ image: 'nginx:1.27', name: 'nginx' }] } } },
    }, SMP);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json.spec.template.spec.containers[0].image, 'nginx:1.27');
    assert.equal(res.json.metadata.generation, 2);
  });

  it('applies a JSON patch and fails a failed test with 422', async (t) => {
    const f = await startFixture(t);
    await withDeployment(f);
    const ok = await f.call('PATCH', `${DEPLOYS}/web`, [{ op: 'replace', path: '/spec/replicas', value: 7 }], JSONPATCH);
    assert.equal(ok.json.spec.replicas, 7);
    const failed = await f.call('PATCH', `${DEPLOYS}/web`, [{ op: 'test', path: '/spec/replicas', value: 1 }], JSONPATCH);
    assert.equal(failed.statusCode, 422);
    assert.equal(failed.json.reason, 'Invalid');
  });

  it('treats a resourceVersion in the patch as a precondition (409 when stale)', async (t) => {
    const f = await startFixture(t);
    const created = await withDeployment(f);
    await f.call('PATCH', `${DEPLOYS}/web`, { spec: { replicas: 3 } }, MERGE);
    const stale = await f.call('PATCH', `${DEPLOYS}/web`, [{ op: 'replace', path: '/metadata/resourceVersion', value: created.metadata.resourceVersion }], JSONPATCH);
    assert.equal(stale.statusCode, 409);
    assert.equal(stale.json.reason, 'Conflict');
    const smpStale = await f.call('PATCH', `${DEPLOYS}/web`, { metadata: { resourceVersion: created.metadata.resourceVersion }, spec: { replicas: 4 } }, SMP);
    assert.equal(smpStale.statusCode, 409);
  });

  it('answers 404 for a patch of a missing object and 400 for malformed patches', async (t) => {
    const f = await startFixture(t);
    assert.equal((await f.call('PATCH', `${DEPLOYS}/nosuch`, { spec: {} }, MERGE)).statusCode, 404);
    await withDeployment(f);
    assert.equal((await f.call('PATCH', `${DEPLOYS}/web`, '{not json', MERGE)).statusCode, 400);
    assert.equal((await f.call('PATCH', `${DEPLOYS}/web`, { op: 'add' }, JSONPATCH)).statusCode, 400);
  });

  it('server-side apply creates when absent and merges when present', async (t) => {
    const f = await startFixture(t);
    const APPLY = { 'content-type': 'application/apply-patch+yaml' };
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'default' }, data: { a: '1', b: '2' } };
    const url = '/api/v1/namespaces/default/configmaps/cfg?fieldManager=kubectl&fieldValidation=Strict&force=false';
    const created = await f.call('PATCH', url, cm, APPLY);
    assert.equal(created.statusCode, 201, created.body);
    const yaml = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  b: "3"\n';
    const updated = await f.call('PATCH', url, yaml, APPLY);
    assert.equal(updated.statusCode, 200, updated.body);
    assert.deepEqual(updated.json.data, { a: '1', b: '3' });
    const noManager = await f.call('PATCH', '/api/v1/namespaces/default/configmaps/cfg', yaml, APPLY);
    assert.equal(noManager.statusCode, 400);
  });

  it('dryRun=All patches without writing', async (t) => {
    const f = await startFixture(t);
    await withDeployment(f);
    const res = await f.call('PATCH', `${DEPLOYS}/web?dryRun=All`, { spec: { replicas: 9 } }, MERGE);
    assert.equal(res.json.spec.replicas, 9);
    assert.equal((await f.call('GET', `${DEPLOYS}/web`)).json.spec.replicas, 2);
  });

  it('retries lost races: concurrent unconditional patches all land', async (t) => {
    const f = await startFixture(t);
    await withDeployment(f);
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => f.call('PATCH', `${DEPLOYS}/web`, { metadata: { labels: { [`l${i}`]: 'x' } } }, MERGE)));
    assert.deepEqual(results.map((r) => r.statusCode), Array(8).fill(200));
    const labels = (await f.call('GET', `${DEPLOYS}/web`)).json.metadata.labels;
    for (let i = 0; i < 8; i++) assert.equal(labels[`l${i}`], 'x');
  });
});
