import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseTtl, tokenBinding, tokenTable, tokenToCreate } from '../../../src/cli/commands/token.js';
import { CliError } from '../../../src/cli/errors.js';

const parts = { id: 'abc123', secret: 'S'.repeat(40), now: new Date('2030-01-01T00:00:00Z') };

void describe('tug token create flags', () => {
  void it('makes a join token by default', () => {
    assert.deepEqual(tokenToCreate({}, parts), { id: 'abc123', secret: 'S'.repeat(40), usage: 'join' });
  });

  void it('makes an api token bound to a role, with a namespace, description and expiry', () => {
    assert.deepEqual(tokenToCreate({ role: 'edit', namespace: 'team', description: 'ci\nbot', ttl: '1h30m' }, parts), {
      id: 'abc123', secret: 'S'.repeat(40), usage: 'api', role: 'edit', namespace: 'team', description: 'ci bot', expiration: '2030-01-01T01:30:00Z',
    });
  });

  void it('refuses bad flags with one-line errors', () => {
    const bad: Array<[Record<string, string>, RegExp]> = [
      [{ usage: 'root' }, /invalid --usage/],
      [{ role: 'god' }, /invalid --role/],
      [{ role: 'view', usage: 'join' }, /cannot be combined/],
      [{ namespace: 'team' }, /--namespace needs --role/],
      [{ role: 'view', namespace: 'Team!' }, /invalid --namespace/],
      [{ ttl: 'tomorrow' }, /invalid --ttl/],
      [{ ttl: '0h' }, /invalid --ttl/],
    ];
    for (const [flags, message] of bad) {
      assert.throws(() => tokenToCreate(flags, parts), (err: unknown) => err instanceof CliError && message.test(err.message) && !err.message.includes('\n'), JSON.stringify(flags));
    }
  });

  void it('parses durations', () => {
    assert.equal(parseTtl('90s'), 90_000);
    assert.equal(parseTtl('24h'), 86_400_000);
    assert.equal(parseTtl('7d'), 7 * 86_400_000);
    assert.equal(parseTtl('1h30m'), 5_400_000);
    for (const bad of ['', 'h', '1', '1w', '-1h', '1.5h']) assert.equal(parseTtl(bad), undefined, bad);
  });
});

void describe('tug token bindings and listing', () => {
  void it('binds a namespaced role token with a RoleBinding labelled with the token id', () => {
    const binding = tokenBinding({ id: 'abc123', secret: 's', usage: 'api', role: 'view', namespace: 'team' })!;
    assert.equal(binding.type.resource, 'rolebindings');
    assert.deepEqual(binding.object.metadata, { name: 'tug-token-abc123', namespace: 'team', labels: { 'tugboat.io/token-id': 'abc123' } });
    assert.deepEqual(binding.object.roleRef, { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' });
    assert.deepEqual(binding.object.subjects, [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'tug:token:abc123' }]);
  });

  void it('binds a cluster-wide role token with a ClusterRoleBinding, and a plain token with nothing', () => {
    assert.equal(tokenBinding({ id: 'abc123', secret: 's', usage: 'api', role: 'cluster-admin' })!.type.resource, 'clusterrolebindings');
    assert.equal(tokenBinding({ id: 'abc123', secret: 's', usage: 'join' }), undefined);
  });

  void it('lists tokens without their secrets, marking expired ones', () => {
    const table = tokenTable([
      { id: 'abc123', secret: 'TOPSECRET', usage: 'join', description: 'first' },
      { id: 'def456', secret: 'TOPSECRET', usage: 'api', role: 'view', expiration: '2020-01-01T00:00:00Z' },
    ], new Date('2030-01-01T00:00:00Z'));
    const lines = table.trimEnd().split('\n');
    assert.match(lines[0], /^ID\s+USAGE\s+ROLE\s+NAMESPACE\s+EXPIRES\s+DESCRIPTION$/);
    assert.match(lines[1], /^abc123\s+join\s+<none>\s+<none>\s+<never>\s+first$/);
    assert.match(lines[2], /^def456\s+api\s+view\s+<cluster>\s+2020-01-01T00:00:00Z \(expired\)/);
    assert.ok(!table.includes('TOPSECRET'));
  });
});
