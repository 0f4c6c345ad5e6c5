import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Balancer, cidrContains, parseCidr, planListeners } from '../../../src/net/index.js';
import { aTable, anEndpoint, anEntry } from './fixtures.js';

describe('Balancer', () => {
  const three = [anEndpoint('127.0.0.1', 1), anEndpoint('127.0.0.1', 2), anEndpoint('127.0.0.1', 3)];

  it('rotates over ready endpoints', () => {
    const b = new Balancer(() => 0);
    b.update(three, { kind: 'None' });
    assert.deepEqual([1, 2, 3, 4, 5, 6].map(() => b.pick(undefined)?.port), [1, 2, 3, 1, 2, 3]);
  });

  it('skips excluded endpoints and returns undefined when all are excluded', () => {
    const b = new Balancer(() => 0);
    b.update(three, { kind: 'None' });
    assert.equal(b.pick(undefined, new Set(['127.0.0.1:1']))?.port, 2);
    assert.equal(b.pick(undefined, new Set(['127.0.0.1:1', '127.0.0.1:2', '127.0.0.1:3'])), undefined);
  });

  it('returns undefined with no endpoints', () => {
    const b = new Balancer(() => 0);
    assert.equal(b.pick('1.2.3.4'), undefined);
  });

  it('keeps a client on one endpoint with ClientIP affinity until the timeout passes', () => {
    let now = 0;
    const b = new Balancer(() => now);
    b.update(three, { kind: 'ClientIP', timeoutMs: 1000 });
    const first = b.pick('10.0.0.1')?.port;
    assert.equal(b.pick('10.0.0.2')?.port === first, false);
    now = 900;
    assert.equal(b.pick('10.0.0.1')?.port, first);
    now = 1800; // renewed at 900, so still held
    assert.equal(b.pick('10.0.0.1')?.port, first);
    now = 5000; // expired: the client gets the next endpoint in rotation, not its old one
    assert.equal(first, 1);
    assert.equal(b.pick('10.0.0.1')?.port, 3);
  });

  it('moves a sticky client when its endpoint leaves the ready set', () => {
    const b = new Balancer(() => 0);
    b.update(three, { kind: 'ClientIP', timeoutMs: 1000 });
    const first = b.pick('10.0.0.1');
    assert.ok(first);
    b.update(three.filter((e) => e.port !== first.port), { kind: 'ClientIP', timeoutMs: 1000 });
    const second = b.pick('10.0.0.1');
    assert.notEqual(second?.port, first.port);
    assert.equal(b.pick('10.0.0.1')?.port, second?.port);
  });
});

describe('planListeners', () => {
  const range = parseCidr('127.10.0.0/16');

  it('plans a ClusterIP listener per port and a NodePort listener on the node address', () => {
    const table = aTable(anEntry({
      name: 'web', clusterIP: '127.10.0.5', type: 'NodePort',
      ports: [
        { name: 'http', protocol: 'TCP', port: 80, nodePort: 30080, endpoints: [anEndpoint('127.0.0.1', 5000), anEndpoint('127.0.0.1', 5001, { ready: false })] },
        { name: 'dns', protocol: 'UDP', port: 53, endpoints: [] },
      ],
    }));
    const plan = planListeners(table, { nodeAddress: '127.0.0.2', clusterIPRange: range });
    assert.deepEqual([...plan.listeners.keys()].sort(), ['TCP/127.0.0.2:30080', 'TCP/127.10.0.5:80', 'UDP/127.10.0.5:53']);
    assert.deepEqual(plan.listeners.get('TCP/127.10.0.5:80')?.readyEndpoints.map((e) => e.port), [5000]);
    assert.deepEqual(plan.problems, []);
  });

  it('skips headless and ExternalName services', () => {
    const table = aTable(
      anEntry({ name: 'db', headless: true, ports: [{ name: 'x', protocol: 'TCP', port: 5432, endpoints: [] }] }),
      anEntry({ name: 'ext', type: 'ExternalName', externalName: 'example.org' }),
    );
    assert.equal(planListeners(table, { nodeAddress: '127.0.0.2', clusterIPRange: range }).listeners.size, 0);
  });

  it('reports ClusterIPs outside the range and listener conflicts instead of binding them', () => {
    const port = { name: 'http', protocol: 'TCP' as const, port: 80, endpoints: [] };
    const table = aTable(
      anEntry({ name: 'a', clusterIP: '10.96.0.1', ports: [port] }),
      anEntry({ name: 'b', clusterIP: '127.10.0.9', ports: [port] }),
      anEntry({ name: 'c', clusterIP: '127.10.0.9', ports: [port] }),
    );
    const plan = planListeners(table, { nodeAddress: '127.0.0.2', clusterIPRange: range });
    assert.deepEqual([...plan.listeners.keys()], ['TCP/127.10.0.9:80']);
    assert.deepEqual(plan.problems.map((p) => [p.service, p.reason]), [['default/a', 'ClusterIPOutOfRange'], ['default/c', 'ListenerConflict']]);
  });
});

describe('cidr', () => {
  it('tests IPv4 membership', () => {
    const cidr = parseCidr('127.10.0.0/16');
    assert.ok(cidr);
    assert.equal(cidrContains(cidr, '127.10.255.1'), true);
    assert.equal(cidrContains(cidr, '127.11.0.1'), false);
    assert.equal(cidrContains(cidr, 'not-an-ip'), false);
    assert.equal(parseCidr('127.0.0.0/33'), undefined);
    const all = parseCidr('0.0.0.0/0');
    assert.ok(all && cidrContains(all, '8.8.8.8'));
  });
});
