import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resourceByKind } from '../../../src/api/resources.js';
import type { KubeObject } from '../../../src/api/types.js';
import {
  createServiceAccountController, decideServiceAccounts, randomToken, SERVICE_ACCOUNT_NAME_ANNOTATION, SERVICE_ACCOUNT_TOKEN_TYPE,
} from '../../../src/controllers/serviceaccount/index.js';
import { eventually, runController } from '../controllers/gc-and-workload-builders.js';

const SECRETS = resourceByKind('v1', 'Secret')!;
const SERVICE_ACCOUNTS = resourceByKind('v1', 'ServiceAccount')!;
const CA = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const inputs = { caPem: CA, newToken: () => 't'.repeat(43) };

function aNamespace(name: string, opts: { terminating?: boolean } = {}): KubeObject {
  return {
    apiVersion: 'v1', kind: 'Namespace', metadata: { name, uid: `ns-${name}`, ...(opts.terminating ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}) },
    status: { phase: opts.terminating ? 'Terminating' : 'Active' },
  };
}

function anAccount(namespace: string, name: string, opts: { deleting?: boolean } = {}): KubeObject {
  return {
    apiVersion: 'v1', kind: 'ServiceAccount',
    metadata: { name, namespace, uid: `sa-${namespace}-${name}`, ...(opts.deleting ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}) },
  };
}

const aSecret = (namespace: string, name: string): KubeObject => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace }, data: {} });
const decode = (b64: string): string => Buffer.from(b64, 'base64').toString('utf8');

describe('decideServiceAccounts', () => {
  it('creates the default account in an active namespace that lacks one', () => {
    const d = decideServiceAccounts({ namespace: aNamespace('team'), serviceAccounts: [], secrets: [] }, inputs);
    assert.deepEqual(d.createServiceAccounts.map((sa) => `${sa.metadata.namespace}/${sa.metadata.name}`), ['team/default']);
    assert.deepEqual(d.createSecrets, [], 'the token comes once the account exists and has a uid');
  });

  it('creates nothing in a terminating namespace', () => {
    const d = decideServiceAccounts({ namespace: aNamespace('old', { terminating: true }), serviceAccounts: [anAccount('old', 'ci')], secrets: [] }, inputs);
    assert.deepEqual(d, { createServiceAccounts: [], createSecrets: [] });
  });

  it('gives each account a token Secret it owns, with the CA, the namespace and a long token', () => {
    const ci = anAccount('team', 'ci');
    const d = decideServiceAccounts({ namespace: aNamespace('team'), serviceAccounts: [anAccount('team', 'default'), ci], secrets: [aSecret('team', 'default-token')] }, inputs);
    assert.deepEqual(d.createServiceAccounts, []);
    assert.equal(d.createSecrets.length, 1);
    const secret = d.createSecrets[0];
    assert.equal(secret.metadata.name, 'ci-token');
    assert.equal(secret.type, SERVICE_ACCOUNT_TOKEN_TYPE);
    assert.equal(secret.metadata.annotations?.[SERVICE_ACCOUNT_NAME_ANNOTATION], 'ci');
    assert.deepEqual(secret.metadata.ownerReferences, [{ apiVersion: 'v1', kind: 'ServiceAccount', name: 'ci', uid: ci.metadata.uid }]);
    const data = secret.data as Record<string, string>;
    assert.equal(decode(data.token), 't'.repeat(43));
    assert.equal(decode(data['ca.crt']), CA);
    assert.equal(decode(data.namespace), 'team');
  });

  it('leaves accounts being deleted without a new token', () => {
    const d = decideServiceAccounts({ namespace: aNamespace('team'), serviceAccounts: [anAccount('team', 'default'), anAccount('team', 'gone', { deleting: true })], secrets: [aSecret('team', 'default-token')] }, inputs);
    assert.deepEqual(d.createSecrets, []);
  });

  it('random tokens are long and different', () => {
    const a = randomToken();
    assert.ok(a.length >= 40);
    assert.notEqual(a, randomToken());
  });
});

describe('ServiceAccount controller', () => {
  it('creates default accounts and token Secrets, and a new token when one is deleted', async (t) => {
    const h = await runController(t, [aNamespace('default'), aNamespace('team'), anAccount('team', 'ci')],
      (ctx) => createServiceAccountController(ctx, { caPem: CA }));
    const secretNames = async () => (await h.client.list(SECRETS)).items.map((s) => `${s.metadata.namespace}/${s.metadata.name}`).sort();
    await eventually(async () => (await secretNames()).length === 3, 'three token Secrets');
    assert.deepEqual(await secretNames(), ['default/default-token', 'team/ci-token', 'team/default-token']);
    const accounts = (await h.client.list(SERVICE_ACCOUNTS)).items.map((s) => `${s.metadata.namespace}/${s.metadata.name}`).sort();
    assert.deepEqual(accounts, ['default/default', 'team/ci', 'team/default']);

    const first = (await h.client.get(SECRETS, 'team', 'ci-token')).data as Record<string, string>;
    await h.client.delete(SECRETS, 'team', 'ci-token');
    await eventually(async () => (await secretNames()).includes('team/ci-token'), 'the token Secret recreated');
    const second = (await h.client.get(SECRETS, 'team', 'ci-token')).data as Record<string, string>;
    assert.notEqual(decode(second.token), decode(first.token), 'a fresh token');
  });

  it('gives an account created later its token', async (t) => {
    const h = await runController(t, [aNamespace('team')], (ctx) => createServiceAccountController(ctx, { caPem: CA }));
    await eventually(async () => (await h.client.list(SECRETS)).items.length === 1, 'the default token');
    await h.client.create(SERVICE_ACCOUNTS, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'deployer', namespace: 'team' } });
    await eventually(async () => (await h.client.list(SECRETS)).items.some((s) => s.metadata.name === 'deployer-token'), 'deployer-token');
    const creates = h.client.actions().filter((a) => a.verb === 'create' && a.resource === 'secrets');
    assert.equal(creates.length, 2, 'one create per token, no duplicates');
  });
});
