import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { isSubsetOf, planApply } from '../../../src/cli/apply-plan.js';
import { kubeconfigPath } from '../../../src/cli/connect.js';
import { CliError } from '../../../src/cli/errors.js';
import { formatAge, formatColumns, parseOutputFormat } from '../../../src/cli/format.js';
import { parseManifests } from '../../../src/cli/manifests.js';
import { resolveResource, splitTypeName } from '../../../src/cli/resources.js';
import { kubectlHint, serverSettings } from '../../../src/cli/server-flags.js';
import { renderKubeconfig, serverUrl } from '../../../src/server/kubeconfig.js';

void describe('resolveResource', () => {
  for (const typed of ['deployments', 'deployment', 'deploy', 'Deployment', 'deployments.apps']) {
    void it(`resolves "${typed}" to apps/v1 deployments`, () => {
      const info = resolveResource(typed);
      assert.equal(info.resource, 'deployments');
      assert.equal(info.group, 'apps');
    });
  }
  void it('resolves short names of core kinds', () => {
    assert.equal(resolveResource('cm').resource, 'configmaps');
    assert.equal(resolveResource('ns').resource, 'namespaces');
  });
  void it('rejects a group that does not serve the resource', () => {
    assert.throws(() => resolveResource('deployments.batch'), CliError);
  });
  void it('splits TYPE/NAME', () => {
    assert.deepEqual(splitTypeName('deploy/web'), { type: 'deploy', name: 'web' });
    assert.deepEqual(splitTypeName('pods'), { type: 'pods' });
  });
});

void describe('parseManifests', () => {
  void it('reads several documents and skips empty ones', () => {
    const objects = parseManifests('---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n', 'm.yaml');
    assert.deepEqual(objects.map((o) => o.metadata.name), ['a', 'b']);
  });
  void it('flattens a List', () => {
    const objects = parseManifests(JSON.stringify({ kind: 'List', items: [{ kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'a' } }] }), 'l.json');
    assert.equal(objects.length, 1);
  });
  void it('rejects malformed YAML with the source name', () => {
    assert.throws(() => parseManifests('a: [1, 2\n', 'x.yaml'), /error parsing x.yaml/);
  });
  void it('rejects an object without a name', () => {
    assert.throws(() => parseManifests('apiVersion: v1\nkind: ConfigMap\nmetadata: {}\n', 'x.yaml'), /has no metadata.name/);
  });
  void it('rejects an empty file', () => {
    assert.throws(() => parseManifests('', 'x.yaml'), /no objects/);
  });
});

void describe('planApply', () => {
  const desired = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default' }, data: { a: '1' } };
  void it('creates what does not exist', () => {
    assert.equal(planApply(desired, undefined).action, 'create');
  });
  void it('leaves an object alone when the server already has every field of the file', () => {
    const current = { ...desired, metadata: { ...desired.metadata, uid: 'u', resourceVersion: '7' } };
    assert.equal(planApply(desired, current).action, 'unchanged');
  });
  void it('replaces with the current resourceVersion as precondition when a field differs', () => {
    const current = { ...desired, metadata: { ...desired.metadata, resourceVersion: '7' }, data: { a: '2' } };
    const decision = planApply(desired, current);
    assert.equal(decision.action, 'replace');
    assert.equal(decision.action === 'replace' && decision.object.metadata.resourceVersion, '7');
  });
  void it('compares arrays whole', () => {
    assert.equal(isSubsetOf({ a: [1] }, { a: [1, 2] }), false);
    assert.equal(isSubsetOf({ a: [{ x: 1 }] }, { a: [{ x: 1, y: 2 }] }), true);
  });
});

void describe('output formatting', () => {
  const now = new Date('2026-01-01T12:00:00Z');
  void it('prints kubectl-style ages', () => {
    assert.equal(formatAge('2026-01-01T11:59:15Z', now), '45s');
    assert.equal(formatAge('2026-01-01T11:50:00Z', now), '10m');
    assert.equal(formatAge('2026-01-01T05:00:00Z', now), '7h');
    assert.equal(formatAge('2025-12-20T12:00:00Z', now), '12d');
    assert.equal(formatAge(undefined, now), '<unknown>');
  });
  void it('pads columns to the widest cell plus three spaces', () => {
    assert.equal(formatColumns([['NAME', 'AGE'], ['a-long-name', '1s']]), 'NAME          AGE\na-long-name   1s\n');
  });
  void it('knows the output formats', () => {
    assert.equal(parseOutputFormat(undefined), 'table');
    assert.equal(parseOutputFormat('yaml'), 'yaml');
    assert.equal(parseOutputFormat('xml'), undefined);
  });
});

void describe('server flags', () => {
  void it('fills defaults', () => {
    const s = serverSettings({ dataDir: '/d' });
    assert.deepEqual(s, { dataDir: '/d', port: 6443, bind: '127.0.0.1', logLevel: 'info', tlsSans: [], runtime: 'auto',
      network: { serviceCIDR: '10.43.0.0/16', clusterDNS: '10.43.0.10', clusterDomain: 'cluster.local' }, serviceProxy: 'userspace' });
  });
  void it('rejects an unknown --runtime with the allowed values', () => {
    assert.throws(() => serverSettings({ runtime: 'rkt' }), /invalid --runtime "rkt": expected one of auto, docker, process/);
    assert.equal(serverSettings({ runtime: 'process' }).runtime, 'process');
  });
  void it('accepts repeated and comma-separated --tls-san values', () => {
    assert.deepEqual(serverSettings({ tlsSan: ['a.example,10.0.0.1', ' b '] }).tlsSans, ['a.example', '10.0.0.1', 'b']);
  });
  void it('accepts port 0 (any free port)', () => {
    assert.equal(serverSettings({ port: '0' }).port, 0);
  });
  void it('tells the user how to point kubectl at the cluster', () => {
    const hint = kubectlHint('/d/kubeconfig.yaml', 'https://127.0.0.1:6443', true);
    assert.match(hint, /export KUBECONFIG=\/d\/kubeconfig.yaml\n/);
    assert.match(hint, /kubectl get nodes/);
  });
});

void describe('kubeconfig', () => {
  void it('picks --kubeconfig, then $KUBECONFIG, then the data dir default', () => {
    assert.equal(kubeconfigPath('/x', { KUBECONFIG: '/y' }), '/x');
    assert.equal(kubeconfigPath(undefined, { KUBECONFIG: '/y:/z' }), '/y');
    assert.match(kubeconfigPath(undefined, {}), /\.tug\/kubeconfig\.yaml$/);
  });
  void it('brackets IPv6 servers and reaches wildcard binds over loopback', () => {
    assert.equal(serverUrl('::1', 6443), 'https://[::1]:6443');
    assert.equal(serverUrl('0.0.0.0', 1), 'https://127.0.0.1:1');
    assert.equal(serverUrl('10.1.2.3', 6443), 'https://10.1.2.3:6443');
  });
  void it('embeds the CA and the token under the tugboat context', () => {
    const doc = parse(renderKubeconfig({ server: 'https://127.0.0.1:6443', caPem: 'PEM', token: 't0k' }));
    assert.equal(doc['current-context'], 'tugboat');
    assert.equal(doc.clusters[0].name, 'tugboat');
    assert.equal(Buffer.from(doc.clusters[0].cluster['certificate-authority-data'], 'base64').toString(), 'PEM');
    assert.equal(doc.users[0].user.token, 't0k');
    assert.equal(doc.contexts[0].context.namespace, 'default');
  });
  void it('can omit the credentials', () => {
    const doc = parse(renderKubeconfig({ server: 'https://127.0.0.1:6443', caPem: 'PEM' }));
    assert.deepEqual(doc.users[0].user, {});
  });
});
