import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { ApiError, notFound } from '../../../src/api/errors.js';
import { resourceByPath } from '../../../src/api/resources.js';
import { ConnectionError, isConflict, isNotFound } from '../../../src/client/errors.js';
import { createHttpClient, type HttpClientOptions } from '../../../src/client/http-client.js';
import type { PatchType } from '../../../src/client/types.js';
import { sendJson, startTestServer, type TestHandler } from './support/test-server.js';
import { TEST_CA_PEM, TEST_SERVER_CERT_PEM, TEST_SERVER_KEY_PEM } from './support/tls-fixture.js';

const PODS = resourceByPath('', 'v1', 'pods')!;
const DEPLOYMENTS = resourceByPath('apps', 'v1', 'deployments')!;
const okObject = (res: Parameters<TestHandler>[1]) => sendJson(res, 200, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } });

/** A server answering with `handler` and a client for it, both closed after the test. */
async function serve(t: TestContext, handler: TestHandler = (_req, res) => okObject(res), options: Partial<HttpClientOptions> = {}, tls = false) {
  const server = await startTestServer(handler, tls ? { tls: { cert: TEST_SERVER_CERT_PEM, key: TEST_SERVER_KEY_PEM } } : {});
  const client = createHttpClient({ server: server.url, token: 'sekret', ...options });
  t.after(async () => {
    await client.close();
    await server.close();
  });
  return { server, client };
}

void test('requests carry the bearer token, user agent and JSON accept header', async (t) => {
  const { server, client } = await serve(t, undefined, { userAgent: 'tug-test/1' });
  await client.get(PODS, 'default', 'p');
  const [req] = server.requests;
  assert.equal(req.headers.authorization, 'Bearer sekret');
  assert.equal(req.headers['user-agent'], 'tug-test/1');
  assert.equal(req.headers.accept, 'application/json');
});

void test('paths follow the Kubernetes URL layout', async (t) => {
  const { server, client } = await serve(t);
  await client.get(PODS, 'default', 'p');
  await client.get(PODS, 'default', 'p', 'status');
  await client.get(DEPLOYMENTS, 'prod', 'web', 'scale');
  await client.get(resourceByPath('', 'v1', 'nodes')!, undefined, 'n1');
  await client.list(PODS);
  await client.list(DEPLOYMENTS, { namespace: 'prod', labelSelector: 'app=web', fieldSelector: 'metadata.name=web', limit: 10, continue: 'tok' });
  await client.create(PODS, { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'p', namespace: 'ns1' }, target: { name: 'n1' } }, { subresource: 'binding' });
  await client.update(DEPLOYMENTS, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'prod' } }, { subresource: 'status' });
  assert.deepEqual(server.requests.map((r) => `${r.method} ${r.path}${r.query.size ? `?${r.query}` : ''}`), [
    'GET /api/v1/namespaces/default/pods/p',
    'GET /api/v1/namespaces/default/pods/p/status',
    'GET /apis/apps/v1/namespaces/prod/deployments/web/scale',
    'GET /api/v1/nodes/n1',
    'GET /api/v1/pods',
    'GET /apis/apps/v1/namespaces/prod/deployments?labelSelector=app%3Dweb&fieldSelector=metadata.name%3Dweb&limit=10&continue=tok',
    'POST /api/v1/namespaces/ns1/pods/p/binding',
    'PUT /apis/apps/v1/namespaces/prod/deployments/web/status',
  ]);
});

void test('a namespaced get without a namespace is refused before any request', async (t) => {
  const { server, client } = await serve(t);
  await assert.rejects(() => client.get(PODS, undefined, 'p'), TypeError);
  assert.equal(server.requests.length, 0);
});

void test('create posts JSON to the collection with write options as query parameters', async (t) => {
  const { server, client } = await serve(t);
  const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'ns1' } };
  await client.create(PODS, pod, { dryRun: true, fieldManager: 'tug' });
  const [req] = server.requests;
  assert.equal(`${req.method} ${req.path}?${req.query}`, 'POST /api/v1/namespaces/ns1/pods?dryRun=All&fieldManager=tug');
  assert.equal(req.headers['content-type'], 'application/json');
  assert.deepEqual(JSON.parse(req.body), pod);
});

void test('each patch type is sent with its content type', async (t) => {
  const { server, client } = await serve(t);
  const cases: Array<[PatchType, unknown, string]> = [
    ['strategic', { spec: { replicas: 2 } }, 'application/strategic-merge-patch+json'],
    ['merge', { metadata: { labels: { a: 'b' } } }, 'application/merge-patch+json'],
    ['json', [{ op: 'replace', path: '/spec/replicas', value: 3 }], 'application/json-patch+json'],
    ['apply', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' } }, 'application/apply-patch+yaml'],
  ];
  for (const [type, body] of cases) await client.patch(DEPLOYMENTS, 'prod', 'web', { type, body }, { fieldManager: 'tug', force: type === 'apply' });
  assert.deepEqual(server.requests.map((r) => r.headers['content-type']), cases.map((c) => c[2]));
  assert.deepEqual(server.requests.map((r) => JSON.parse(r.body)), cases.map((c) => c[1]));
  assert.equal(server.requests[3].query.toString(), 'fieldManager=tug&force=true');
  assert.ok(server.requests.every((r) => r.method === 'PATCH' && r.path === '/apis/apps/v1/namespaces/prod/deployments/web'));
});

void test('server-side apply without a fieldManager is refused before any request', async (t) => {
  const { server, client } = await serve(t);
  await assert.rejects(() => client.patch(DEPLOYMENTS, 'prod', 'web', { type: 'apply', body: {} }), /fieldManager/);
  assert.equal(server.requests.length, 0);
});

void test('delete sends DeleteOptions as a JSON body', async (t) => {
  const { server, client } = await serve(t);
  await client.delete(PODS, 'default', 'p', { propagationPolicy: 'Foreground', gracePeriodSeconds: 0, preconditions: { uid: 'u1' }, dryRun: true });
  const [req] = server.requests;
  assert.equal(`${req.method} ${req.path}`, 'DELETE /api/v1/namespaces/default/pods/p');
  assert.deepEqual(JSON.parse(req.body), {
    kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Foreground', gracePeriodSeconds: 0, preconditions: { uid: 'u1' }, dryRun: ['All'],
  });
});

void test('a Status error body becomes the same ApiError', async (t) => {
  const status = notFound({ resource: 'deployments', group: 'apps' }, 'web').toStatus();
  const { client } = await serve(t, (_req, res) => sendJson(res, 404, status));
  const err = await client.get(DEPLOYMENTS, 'prod', 'web').catch((e: unknown) => e);
  assert.ok(err instanceof ApiError);
  assert.equal(isNotFound(err), true);
  assert.deepEqual(err.toStatus(), status);
  assert.equal(err.message, 'deployments.apps "web" not found');
});

void test('a 409 Conflict is recognised by isConflict', async (t) => {
  const { client } = await serve(t, (_req, res) => sendJson(res, 409, {
    kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'Conflict', code: 409,
    message: 'Operation cannot be fulfilled on pods "p": the object has been modified; please apply your changes to the latest version and try again',
  }));
  const err = await client.update(PODS, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default', resourceVersion: '1' } }).catch((e: unknown) => e);
  assert.equal(isConflict(err), true);
});

void test('a non-Status error body still gives an ApiError with the code', async (t) => {
  const { client } = await serve(t, (_req, res) => {
    res.writeHead(502, { 'content-type': 'text/plain' });
    res.end('bad gateway');
  });
  const err = await client.list(PODS).catch((e: unknown) => e);
  assert.ok(err instanceof ApiError);
  assert.equal(err.code, 502);
  assert.equal(err.reason, 'InternalError');
  assert.equal(err.message, 'bad gateway');
});

void test('a refused connection is a ConnectionError, not an ApiError', async () => {
  const port = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port: p } = probe.address() as { port: number };
      probe.close(() => resolve(p));
    });
  });
  const client = createHttpClient({ server: `http://127.0.0.1:${port}` });
  try {
    const err = await client.get(PODS, 'default', 'p').catch((e: unknown) => e);
    assert.ok(err instanceof ConnectionError, String(err));
    assert.equal(err.code, 'ECONNREFUSED');
  } finally {
    await client.close();
  }
});

void test('watch streams newline-delimited events as they arrive and close() ends it', async (t) => {
  let serverSawClose = false;
  const { server, client } = await serve(t, (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.flushHeaders();
    res.on('close', () => (serverSawClose = true));
    res.write('{"type":"ADDED","object":{"metadata":{"name":"a","resourceVersion":"5"}}}\n{"type":"MODI');
    setImmediate(() => res.write('FIED","object":{"metadata":{"name":"a","resourceVersion":"6"}}}\n'));
  });
  const stream = await client.watch(PODS, { namespace: 'default', resourceVersion: '4', allowWatchBookmarks: true, timeoutSeconds: 30 });
  const seen: string[] = [];
  for await (const event of stream) {
    seen.push(`${event.type} ${event.object.metadata.resourceVersion}`);
    if (seen.length === 2) stream.close();
  }
  assert.deepEqual(seen, ['ADDED 5', 'MODIFIED 6']);
  assert.equal(server.requests[0].query.toString(), 'watch=1&resourceVersion=4&allowWatchBookmarks=true&timeoutSeconds=30');
  assert.equal(server.requests[0].path, '/api/v1/namespaces/default/pods');
  const deadline = Date.now() + 5000;
  while (!serverSawClose && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2));
  assert.equal(serverSawClose, true, 'closing the stream closes the connection');
});

void test('a watch refused by the server throws the ApiError', async (t) => {
  const { client } = await serve(t, (_req, res) => sendJson(res, 410, {
    kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'Expired', code: 410, message: 'too old resource version: 1 (9)',
  }));
  await assert.rejects(() => client.watch(PODS, { resourceVersion: '1' }), (err: unknown) => err instanceof ApiError && err.code === 410);
});

void test('stream returns the raw body of a subresource such as pods/log', async (t) => {
  const { server, client } = await serve(t, (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('line 1\nline 2\n');
  });
  const body = await client.stream('/api/v1/namespaces/default/pods/p/log', { query: { follow: true, tailLines: 10, previous: undefined } });
  let text = '';
  for await (const chunk of body) text += String(chunk);
  assert.equal(text, 'line 1\nline 2\n');
  assert.equal(server.requests[0].query.toString(), 'follow=true&tailLines=10');
});

void test('TLS: the cluster CA is trusted when given', async (t) => {
  const { client } = await serve(t, undefined, { caPem: TEST_CA_PEM }, true);
  const pod = await client.get(PODS, 'default', 'p');
  assert.equal(pod.metadata.name, 'p');
});

void test('TLS: an unknown CA fails as a ConnectionError unless verification is skipped', async (t) => {
  const { client } = await serve(t, undefined, {}, true);
  const err = await client.get(PODS, 'default', 'p').catch((e: unknown) => e);
  assert.ok(err instanceof ConnectionError, String(err));
  const { client: insecure } = await serve(t, undefined, { insecureSkipTlsVerify: true }, true);
  assert.equal((await insecure.get(PODS, 'default', 'p')).metadata.name, 'p');
});
