/**
 * Error paths through kubectl and raw HTTPS: each failure is a clear message (Status) and
 * the server keeps serving afterwards.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { rawTlsRequest, startTug, type TugCluster } from '../../support/cluster/index.js';
import { configMap } from './manifests.js';

const CONFIGMAPS = '/api/v1/namespaces/default/configmaps';

void describe('kubectl and API error handling', () => {
  let cluster: TugCluster;
  void before(async () => { cluster = await startTug(); });
  void after(async () => { await cluster?.dispose(); });

  void it('get of a missing object is NotFound', async () => {
    const result = await cluster.kubectl(['get', 'configmap', 'nosuch']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^Error from server \(NotFound\): configmaps "nosuch" not found$/m);
  });

  void it('an invalid manifest is rejected as invalid, naming the field', async () => {
    const result = await cluster.kubectl(['create', '-f', '-'], { input: configMap('Bad_Name') });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /ConfigMap "Bad_Name" is invalid/);
    assert.match(result.stderr, /metadata\.name/);
  });

  void it('replace with a stale resourceVersion is a Conflict', async () => {
    assert.equal((await cluster.kubectl(['create', '-f', '-'], { input: configMap('stale', { v: '1' }) })).code, 0);
    const old = await cluster.kubectl(['get', 'configmap', 'stale', '-o', 'json']);
    assert.equal(old.code, 0);
    assert.equal((await cluster.kubectl(['label', 'configmap', 'stale', 'bump=1'])).code, 0);
    const edited = JSON.parse(old.stdout);
    edited.data.v = '2';
    const result = await cluster.kubectl(['replace', '-f', '-'], { input: JSON.stringify(edited) });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /Error from server \(Conflict\)/);
    assert.match(result.stderr, /the object has been modified/);
  });

  // A kubeconfig with no credentials at all makes kubectl itself prompt for a username
  // (client-go's promptAuthReader) before any request, so the token-less case is checked
  // on the wire and kubectl's wording with a token the server does not know.
  void it('a request without a token is 401 Unauthorized', async () => {
    const res = await cluster.request({ path: CONFIGMAPS });
    assert.equal(res.status, 401);
    assert.deepEqual(
      { kind: (res.json() as { kind: string }).kind, reason: (res.json() as { reason: string }).reason },
      { kind: 'Status', reason: 'Unauthorized' },
    );
  });

  void it('a kubeconfig without the admin token is told to log in', async () => {
    const config = parse(await readFile(cluster.kubeconfig, 'utf8'));
    for (const user of config.users) user.user = { token: 'not-the-admin-token' };
    const stranger = join(cluster.dataDir, 'stranger.kubeconfig');
    await writeFile(stranger, stringify(config), { mode: 0o600 });
    const result = await cluster.kubectl(['get', 'configmaps'], { kubeconfig: stranger });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /error: You must be logged in to the server/);
  });

  void it('malformed YAML is reported by kubectl itself, before any request', async () => {
    const result = await cluster.kubectl(['apply', '-f', '-'], { input: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: [oops\n' });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /error/i);
    assert.match(result.stderr, /yaml|json/i);
    assert.doesNotMatch(result.stderr, /Error from server/);
  });

  void describe('raw HTTP', () => {
    const json = { 'content-type': 'application/json' };

    void it('a malformed JSON body is a 400 Status', async () => {
      const res = await cluster.request({ method: 'POST', path: CONFIGMAPS, token: cluster.token, headers: json, body: '{"apiVersion": "v1", ' });
      assert.equal(res.status, 400);
      const status = res.json() as { kind: string; code: number; reason: string };
      assert.equal(status.kind, 'Status');
      assert.equal(status.code, 400);
      assert.equal(status.reason, 'BadRequest');
    });

    void it('a body over the limit is a 413', async () => {
      const huge = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'huge' }, data: { blob: 'x'.repeat(4 * 1024 * 1024) } });
      const res = await rawTlsRequest(cluster, { method: 'POST', path: CONFIGMAPS, token: cluster.token, headers: json, body: huge });
      assert.equal(res.status, 413);
      assert.equal((JSON.parse(res.body) as { reason: string }).reason, 'RequestEntityTooLarge');
    });

    void it('an unknown field with fieldValidation=Strict is a 400 naming the field', async () => {
      const body = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'strict' }, data: {}, bogus: 1 });
      const res = await cluster.request({ method: 'POST', path: `${CONFIGMAPS}?fieldValidation=Strict`, token: cluster.token, headers: json, body });
      assert.equal(res.status, 400);
      assert.match((res.json() as { message: string }).message, /unknown field "bogus"/);
    });

    void it('an unknown field with fieldValidation=Warn is created with a Warning header', async () => {
      const body = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'warned' }, data: {}, bogus: 1 });
      const res = await cluster.request({ method: 'POST', path: `${CONFIGMAPS}?fieldValidation=Warn`, token: cluster.token, headers: json, body });
      assert.equal(res.status, 201);
      assert.match(String(res.headers.warning), /^299 - ".*unknown field \\?"bogus\\?".*"$/);
    });

    void it('the server still answers after all of the above', async () => {
      const version = await cluster.request({ path: '/version' });
      assert.equal(version.status, 200);
      assert.equal((version.json() as { major: string }).major, '1');
      const list = await cluster.kubectl(['get', 'configmaps', '-o', 'name']);
      assert.equal(list.code, 0);
      assert.match(list.stdout, /^configmap\/warned$/m);
    });
  });
});
