/**
 * The discovery, OpenAPI, Table and protobuf documents checked against the real kubectl 1.32
 * over loopback. Skipped where kubectl.1.32 is not installed (set KUBECTL_132 to point at one).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { findKubectl132, startFakeApiServer, type FakeApiServer } from './kubectl-harness.js';
import type { KubeObject } from '../../../src/api/types.js';

const kubectl = findKubectl132();
const minutesAgo = (m: number): string => new Date(Date.now() - m * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');

void describe('kubectl 1.32 against the discovery/OpenAPI/Table builders', { skip: kubectl ? false : 'kubectl.1.32 not found' }, () => {
  let fake: FakeApiServer;
  before(async () => {
    fake = await startFakeApiServer(kubectl!);
  });
  after(async () => {
    await fake?.close();
  });
  const since = (from: number) => fake.requests.slice(from);

  void it('api-resources uses aggregated discovery only and lists short names', async () => {
    const from = fake.requests.length;
    const { stdout } = await fake.kubectl(['api-resources']);
    assert.match(stdout, /^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment$/m);
    assert.match(stdout, /^namespaces\s+ns\s+v1\s+false\s+Namespace$/m);
    const paths = since(from).map((r) => r.url.split('?')[0]);
    assert.ok(!paths.includes('/api/v1') && !paths.includes('/apis/apps/v1'), `legacy discovery was used: ${paths.join(' ')}`);
  });

  void it('get pods prints the server-side Table columns and cells', async () => {
    const pod: KubeObject = {
      apiVersion: 'v1', kind: 'Pod',
      metadata: { name: 'web-1', namespace: 'default', uid: 'p1', resourceVersion: '1', creationTimestamp: minutesAgo(15), labels: { app: 'web' } },
      spec: { nodeName: 'node-1', containers: [{ name: 'c', image: 'nginx' }] },
      status: { phase: 'Pending', podIP: '10.0.0.5', containerStatuses: [{ name: 'c', ready: false, restartCount: 0, state: { waiting: { reason: 'CrashLoopBackOff' } } }] },
    };
    fake.objects.set('/pods', [pod]);
    const { stdout } = await fake.kubectl(['get', 'pods', '-o', 'wide', '--show-labels']);
    const [header, row] = stdout.trim().split('\n').map((l) => l.trim().split(/\s{2,}/));
    assert.deepEqual(header, ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES', 'LABELS']);
    assert.deepEqual(row, ['web-1', '0/1', 'CrashLoopBackOff', '0', '15m', '10.0.0.5', 'node-1', '<none>', '<none>', 'app=web']);
  });

  void it('create -f relies on server-side validation (fieldValidation=Strict) without fetching /openapi/v2', async () => {
    const from = fake.requests.length;
    const file = fake.file('cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg}\ndata: {a: "1"}\n');
    const { stdout } = await fake.kubectl(['create', '-f', file]);
    assert.match(stdout, /configmap\/cfg created/);
    const post = since(from).find((r) => r.method === 'POST');
    assert.match(post!.url, /fieldValidation=Strict/);
    assert.ok(!since(from).some((r) => r.url.startsWith('/openapi/v2')));
  });

  void it('client-side apply computes the strategic merge patch from kubectl\'s built-in types', async () => {
    const spec = (image: string) => ({
      replicas: 2, selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ image, name: 'nginx' }, { image: 'busybox', name: 'side' }] } },
    });
    const applied = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { annotations: {}, name: 'web', namespace: 'default' }, spec: spec('nginx:1.25') };
    fake.objects.set('apps/deployments', [{
      apiVersion: 'apps/v1', kind: 'Deployment', spec: spec('nginx:1.25'),
      metadata: { name: 'web', namespace: 'default', uid: 'd1', resourceVersion: '3', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': `${JSON.stringify(applied)}\n` } },
    }]);
    const from = fake.requests.length;
    const file = fake.file('web.yaml', JSON.stringify({ ...applied, metadata: { name: 'web', namespace: 'default' }, spec: spec('nginx:1.26') }));
    await fake.kubectl(['apply', '-f', file]); // the fake answers the PATCH with the stored object
    const patch = since(from).find((r) => r.method === 'PATCH');
    assert.equal(patch?.contentType, 'application/strategic-merge-patch+json');
    const body = JSON.parse(patch!.body.toString('utf8'));
    // Only the changed container, keyed by its merge key, plus the list order directive.
    assert.deepEqual(body.spec.template.spec, {
      '$setElementOrder/containers': [{ name: 'nginx' }, { name: 'side' }], containers: [{ image: 'nginx:1.26', name: 'nginx' }],
    });
  });

  void it('create namespace sends protobuf that the decoder turns into the namespace', async () => {
    const from = fake.requests.length;
    const { stdout } = await fake.kubectl(['create', 'namespace', 'team-a']);
    assert.match(stdout, /namespace\/team-a created/);
    assert.equal(since(from).find((r) => r.method === 'POST')?.contentType, 'application/vnd.kubernetes.protobuf');
  });
});
