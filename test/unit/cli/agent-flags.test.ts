import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { agentSettings, parseLabels } from '../../../src/cli/agent-flags.js';
import { CliError } from '../../../src/cli/errors.js';

const defaults = { hostname: 'Host-A', home: '/home/me' };
const direct = { server: 'https://10.0.0.1:6443/', token: 't0k', caFile: 'ca.pem' };

void describe('tug agent flags', () => {
  void it('applies the defaults', () => {
    const s = agentSettings(direct, defaults);
    assert.deepEqual(s, {
      connection: { kind: 'flags', server: 'https://10.0.0.1:6443', token: 't0k', caFile: 'ca.pem' },
      nodeName: 'host-a', address: '127.0.0.1', port: 10250, labels: {}, runtime: 'auto', dataDir: '/home/me/.tug-agent', logLevel: 'info', serviceProxy: 'userspace',
    });
  });

  void it('needs no --ca-file with a join token that pins the CA', () => {
    const token = `K10${'a'.repeat(64)}::abcdef.${'s'.repeat(32)}`;
    assert.deepEqual(agentSettings({ server: 'https://10.0.0.1:6443', token }, defaults).connection, { kind: 'flags', server: 'https://10.0.0.1:6443', token });
  });

  void it('takes the connection from a kubeconfig instead', () => {
    const s = agentSettings({ kubeconfig: 'k.yaml', name: 'n1', port: '0', labels: 'zone=a, tier=edge', runtime: 'process' }, defaults);
    assert.deepEqual(s.connection, { kind: 'kubeconfig', path: 'k.yaml' });
    assert.equal(s.port, 0);
    assert.deepEqual(s.labels, { zone: 'a', tier: 'edge' });
    assert.equal(s.runtime, 'process');
  });

  void it('refuses bad flags with one-line errors', () => {
    const bad: Array<[Record<string, string>, RegExp]> = [
      [{}, /--server and --token are required/],
      [{ server: 'https://x:1', token: 't' }, /--ca-file is required unless the token carries the CA hash/],
      [{ server: 'https://x:1', token: `abcdef.${'s'.repeat(32)}` }, /--ca-file is required/],
      [{ ...direct, kubeconfig: 'k' }, /cannot be combined/],
      [{ ...direct, server: 'http://x:1' }, /invalid --server/],
      [{ ...direct, server: 'nope' }, /invalid --server/],
      [{ ...direct, name: 'Bad_Name' }, /invalid --name/],
      [{ ...direct, address: '0.0.0.0' }, /invalid --address/],
      [{ ...direct, address: 'host' }, /invalid --address/],
      [{ ...direct, port: '70000' }, /invalid --port/],
      [{ ...direct, runtime: 'podman' }, /invalid --runtime/],
      [{ ...direct, logLevel: 'loud' }, /invalid --log-level/],
      [{ ...direct, labels: 'novalue' }, /invalid --labels/],
    ];
    for (const [flags, message] of bad) {
      assert.throws(() => agentSettings(flags, defaults), (err: unknown) => err instanceof CliError && message.test(err.message) && !err.message.includes('\n'), JSON.stringify(flags));
    }
  });

  void it('parses labels, empty values included', () => {
    assert.deepEqual(parseLabels('a=1,example.com/b=,c=x.y'), { a: '1', 'example.com/b': '', c: 'x.y' });
    assert.throws(() => parseLabels('=1'), CliError);
  });
});
