import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeconfigError, loadKubeconfig, parseKubeconfig } from '../../../src/client/kubeconfig.js';

const CA = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

const adminKubeconfig = `apiVersion: v1
kind: Config
clusters:
- name: tugboat
  cluster:
    server: https://127.0.0.1:6443
    certificate-authority-data: ${Buffer.from(CA).toString('base64')}
- name: other
  cluster:
    server: https://10.0.0.1:6443
    insecure-skip-tls-verify: true
users:
- name: admin
  user:
    token: abc123
- name: filed
  user:
    tokenFile: token.txt
contexts:
- name: tugboat
  context: { cluster: tugboat, user: admin, namespace: prod }
- name: other
  context: { cluster: other, user: filed }
current-context: tugboat
`;

void test('the current context gives server, CA, token and namespace', () => {
  assert.deepEqual(parseKubeconfig(adminKubeconfig), {
    contextName: 'tugboat', server: 'https://127.0.0.1:6443', caPem: CA, token: 'abc123', namespace: 'prod',
  });
});

void test('another context can be chosen by name', () => {
  const options = parseKubeconfig(adminKubeconfig, { context: 'other' });
  assert.equal(options.server, 'https://10.0.0.1:6443');
  assert.equal(options.insecureSkipTlsVerify, true);
  assert.equal(options.tokenFile, 'token.txt');
});

void test('a missing context is a KubeconfigError naming it', () => {
  assert.throws(() => parseKubeconfig(adminKubeconfig, { context: 'nope' }), (err: unknown) => err instanceof KubeconfigError && /context "nope" not found/.test(err.message));
  assert.throws(() => parseKubeconfig('clusters: []\n'), KubeconfigError);
});

void test('loadKubeconfig reads files referenced relative to the kubeconfig', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'tug-kubeconfig-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await writeFile(join(dir, 'token.txt'), 'from-file\n');
  await writeFile(join(dir, 'config'), adminKubeconfig);
  const options = await loadKubeconfig(join(dir, 'config'), { context: 'other' });
  assert.equal(options.token, 'from-file');
  assert.equal('tokenFile' in options, false);
});
