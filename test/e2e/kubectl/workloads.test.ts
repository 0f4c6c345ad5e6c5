/**
 * kubectl against a real `tug up`: the everyday workflow of the Must-hold list.
 * One cluster for the whole file; each test uses its own object names.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTug, type TugCluster } from '../../support/cluster/index.js';
import { configMap, webApp } from './manifests.js';

function lines(text: string): string[] {
  return text.split('\n').filter((l) => l.length > 0);
}

void describe('kubectl workflow against tug up', () => {
  let cluster: TugCluster;
  void before(async () => { cluster = await startTug(); });
  void after(async () => { await cluster?.dispose(); });

  async function ok(args: string[], input?: string): Promise<string> {
    const result = await cluster.kubectl(args, { input });
    assert.equal(result.code, 0, `kubectl ${args.join(' ')} failed:\n${result.stderr}\n--- server log ---\n${cluster.logs().slice(-3000)}`);
    return result.stdout;
  }

  void describe('apply', () => {
    void it('creates a Deployment, Service and ConfigMap', async () => {
      const out = await ok(['apply', '-f', '-'], webApp({ replicas: 2, greeting: 'hello' }));
      assert.deepEqual(lines(out), ['deployment.apps/web created', 'service/web created', 'configmap/web-config created']);
    });

    void it('patches changed objects and reports the rest unchanged', async () => {
      const out = await ok(['apply', '-f', '-'], webApp({ replicas: 3, greeting: 'bonjour' }));
      assert.deepEqual(lines(out), ['deployment.apps/web configured', 'service/web unchanged', 'configmap/web-config configured']);
      assert.equal(await ok(['get', 'deployment', 'web', '-o', 'jsonpath={.spec.replicas}']), '3');
      assert.equal(await ok(['get', 'configmap', 'web-config', '-o', 'jsonpath={.data.greeting}']), 'bonjour');
    });

    void it('reports everything unchanged when the manifest is applied again', async () => {
      const out = await ok(['apply', '-f', '-'], webApp({ replicas: 3, greeting: 'bonjour' }));
      assert.deepEqual(lines(out), ['deployment.apps/web unchanged', 'service/web unchanged', 'configmap/web-config unchanged']);
    });
  });

  void describe('get', () => {
    void it('prints Deployment table columns from the server', async () => {
      const [header, row] = lines(await ok(['get', 'deployments']));
      assert.match(header, /^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE$/);
      assert.match(row, /^web\s+\d+\/3\s+\d+\s+\d+\s+\d+[smhd]$/);
    });

    void it('prints ConfigMap table columns with the data count', async () => {
      const out = lines(await ok(['get', 'configmaps', 'web-config']));
      assert.match(out[0], /^NAME\s+DATA\s+AGE$/);
      assert.match(out[1], /^web-config\s+2\s+\d+[smhd]$/);
    });

    void it('prints an object as YAML', async () => {
      const out = await ok(['get', 'configmap', 'web-config', '-o', 'yaml']);
      assert.match(out, /^apiVersion: v1$/m);
      assert.match(out, /^kind: ConfigMap$/m);
      assert.match(out, /^  greeting: bonjour$/m);
      assert.match(out, /^  resourceVersion: "\d+"$/m);
      assert.match(out, /^  uid: \S+$/m);
    });

    void it('streams a change to `get -w`', async (t) => {
      await ok(['apply', '-f', '-'], configMap('watched', { a: '1' }));
      const watch = cluster.kubectlWatch(['get', 'configmaps', '-w']);
      t.after(() => watch.kill());
      await watch.waitFor(/^watched\s+1\s+/m);
      await ok(['apply', '-f', '-'], configMap('watch-new', { a: '1', b: '2' }));
      await watch.waitFor(/^watch-new\s+2\s+/m);
    });
  });

  void describe('mutating commands', () => {
    void it('scales a Deployment', async () => {
      assert.equal((await ok(['scale', 'deployment', 'web', '--replicas=5'])).trim(), 'deployment.apps/web scaled');
      assert.equal(await ok(['get', 'deployment', 'web', '-o', 'jsonpath={.spec.replicas}']), '5');
    });

    void it('labels an object', async () => {
      assert.equal((await ok(['label', 'configmap', 'web-config', 'tier=backend'])).trim(), 'configmap/web-config labeled');
      assert.equal(await ok(['get', 'configmap', 'web-config', '-o', 'jsonpath={.metadata.labels.tier}']), 'backend');
      const selected = lines(await ok(['get', 'configmaps', '-l', 'tier=backend', '-o', 'name']));
      assert.deepEqual(selected, ['configmap/web-config']);
    });

    void it('annotates an object', async () => {
      assert.equal((await ok(['annotate', 'configmap', 'web-config', 'owner=team-a'])).trim(), 'configmap/web-config annotated');
      assert.equal(await ok(['get', 'configmap', 'web-config', '-o', 'jsonpath={.metadata.annotations.owner}']), 'team-a');
    });

    void it('deletes an object', async () => {
      await ok(['apply', '-f', '-'], configMap('doomed'));
      assert.equal((await ok(['delete', 'configmap', 'doomed'])).trim(), 'configmap "doomed" deleted');
      const gone = await cluster.kubectl(['get', 'configmap', 'doomed']);
      assert.notEqual(gone.code, 0);
      assert.match(gone.stderr, /Error from server \(NotFound\): configmaps "doomed" not found/);
    });

    void it('creates a namespace with `kubectl create namespace` (protobuf request body)', async () => {
      const result = await cluster.kubectl(['create', 'namespace', 'team-a']);
      assert.equal(result.code, 0, `expected success; stderr:\n${result.stderr}`);
      assert.equal(result.stdout.trim(), 'namespace/team-a created');
      assert.match(await ok(['get', 'namespace', 'team-a']), /^team-a\s+Active\s+/m);
    });
  });
});
