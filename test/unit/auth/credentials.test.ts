import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  credentialOf, formatNodeToken, isExpired, nodeCredentialSecret, nodeNameOf, parseNodeToken, tokenRecordsOf, tokenSecret, userOf,
} from '../../../src/auth/index.js';
import { aServiceAccountTokenSecret } from './builders.js';

const SECRET = 'x'.repeat(40);

void describe('credentials kept as Secrets', () => {
  void it('round-trips a token record through its Secret', () => {
    const record = { id: 'abc123', secret: SECRET, usage: 'api' as const, role: 'view' as const, namespace: 'team', description: 'ci', expiration: '2030-01-01T00:00:00Z' };
    const secret = tokenSecret(record);
    assert.equal(secret.metadata.name, 'tug-token-abc123');
    assert.equal(secret.metadata.namespace, 'kube-system');
    assert.equal(secret.type, 'tugboat.io/token');
    assert.deepEqual(secret.metadata.labels, { 'tugboat.io/token': 'true', 'tugboat.io/token-id': 'abc123' });
    assert.deepEqual(credentialOf(secret), { kind: 'token', token: record });
  });

  void it('maps each credential to its user and groups', () => {
    assert.deepEqual(userOf({ kind: 'token', token: { id: 'abc123', secret: SECRET, usage: 'join' } }),
      { user: 'system:bootstrap:abc123', groups: ['system:bootstrappers', 'system:authenticated'] });
    assert.deepEqual(userOf({ kind: 'token', token: { id: 'abc123', secret: SECRET, usage: 'api' } }),
      { user: 'tug:token:abc123', groups: ['system:authenticated'] });
    assert.deepEqual(userOf(credentialOf(nodeCredentialSecret('n1', 'tok'))!),
      { user: 'system:node:n1', groups: ['system:nodes', 'system:authenticated'] });
    assert.deepEqual(userOf(credentialOf(aServiceAccountTokenSecret({ namespace: 'apps', name: 'builder-token', serviceAccount: 'builder', token: 't' }))!),
      { user: 'system:serviceaccount:apps:builder', groups: ['system:serviceaccounts', 'system:serviceaccounts:apps', 'system:authenticated'] });
  });

  void it('ignores ordinary Secrets, misplaced token Secrets and Secrets being deleted', () => {
    assert.equal(credentialOf({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'default' }, type: 'Opaque', data: {} }), undefined);
    const elsewhere = tokenSecret({ id: 'abc123', secret: SECRET, usage: 'join' });
    elsewhere.metadata.namespace = 'default';
    assert.equal(credentialOf(elsewhere), undefined);
    const renamed = nodeCredentialSecret('n1', 'tok');
    renamed.metadata.name = 'tug-node-n2';
    assert.equal(credentialOf(renamed), undefined);
    const deleting = tokenSecret({ id: 'abc123', secret: SECRET, usage: 'join' });
    deleting.metadata.deletionTimestamp = '2030-01-01T00:00:00Z';
    assert.equal(credentialOf(deleting), undefined);
  });

  void it('expires tokens at their expiration, and unparsable expirations at once', () => {
    const record = { id: 'abc123', secret: SECRET, usage: 'join' as const, expiration: '2030-01-01T00:00:00Z' };
    assert.equal(isExpired(record, new Date('2029-12-31T23:59:59Z')), false);
    assert.equal(isExpired(record, new Date('2030-01-01T00:00:00Z')), true);
    assert.equal(isExpired({ ...record, expiration: 'soon' }, new Date(0)), true);
    assert.equal(isExpired({ id: 'abc123', secret: SECRET, usage: 'join' }, new Date(8.64e15)), false);
  });

  void it('node tokens name their node, dots included', () => {
    const token = formatNodeToken('n1.example.com', 'S3cret');
    assert.deepEqual(parseNodeToken(token), { nodeName: 'n1.example.com', secret: 'S3cret' });
    assert.equal(parseNodeToken('tugnode.'), undefined);
    assert.equal(parseNodeToken('tugnode.n1.'), undefined);
    assert.equal(parseNodeToken('other'), undefined);
  });

  void it('recognises node users only inside system:nodes', () => {
    assert.equal(nodeNameOf({ user: 'system:node:n1', groups: ['system:nodes'] }), 'n1');
    assert.equal(nodeNameOf({ user: 'system:node:n1', groups: ['system:authenticated'] }), undefined);
    assert.equal(nodeNameOf({ user: 'system:node:', groups: ['system:nodes'] }), undefined);
  });

  void it('lists token records sorted, skipping other Secrets', () => {
    const records = tokenRecordsOf([
      tokenSecret({ id: 'zzz999', secret: SECRET, usage: 'api' }), nodeCredentialSecret('n1', 't'), tokenSecret({ id: 'aaa111', secret: SECRET, usage: 'join' }),
    ]);
    assert.deepEqual(records.map((r) => r.id), ['aaa111', 'zzz999']);
  });
});
