/** The friendly `tug get | apply | delete` commands against a real server. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { startTug, type TugCluster } from '../../support/cluster/index.js';

const MANIFEST = `apiVersion: v1
kind: ConfigMap
metadata:
  name: cli-config
data:
  color: blue
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: cli-web
spec:
  replicas: 1
  selector: {matchLabels: {app: cli-web}}
  template:
    metadata: {labels: {app: cli-web}}
    spec:
      containers: [{name: web, image: nginx:1.27}]
`;

void describe('tug client commands', () => {
  let cluster: TugCluster;
  void before(async () => { cluster = await startTug({ command: 'server' }); });
  void after(async () => { await cluster?.dispose(); });

  void it('apply creates, then reports unchanged, then configured after an edit', async () => {
    const first = await cluster.tug(['apply', '-f', '-'], { input: MANIFEST });
    assert.equal(first.code, 0, first.stderr);
    assert.equal(first.stdout, 'configmaps/cli-config created\ndeployments.apps/cli-web created\n');
    const second = await cluster.tug(['apply', '-f', '-'], { input: MANIFEST });
    assert.equal(second.stdout, 'configmaps/cli-config unchanged\ndeployments.apps/cli-web unchanged\n');
    const third = await cluster.tug(['apply', '-f', '-'], { input: MANIFEST.replace('color: blue', 'color: red') });
    assert.equal(third.stdout, 'configmaps/cli-config configured\ndeployments.apps/cli-web unchanged\n');
  });

  void it('get prints a NAME/AGE table, and yaml with -o yaml', async () => {
    const table = await cluster.tug(['get', 'cm']);
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /^NAME\s+AGE\n/);
    assert.match(table.stdout, /^cli-config\s+\d+[smhd]$/m);
    const yaml = await cluster.tug(['get', 'configmap', 'cli-config', '-o', 'yaml']);
    assert.equal(parse(yaml.stdout).data.color, 'red');
  });

  void it('get of a missing object prints the server error on one line', async () => {
    const result = await cluster.tug(['get', 'configmap', 'nosuch']);
    assert.equal(result.code, 1);
    assert.equal(result.stderr, 'Error from server (NotFound): configmaps "nosuch" not found\n');
  });

  void it('delete removes the object', async () => {
    const result = await cluster.tug(['delete', 'deploy', 'cli-web']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, 'deployments.apps "cli-web" deleted\n');
    assert.equal((await cluster.tug(['get', 'deploy', 'cli-web'])).code, 1);
  });
});
