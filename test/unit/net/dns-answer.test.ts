import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Question } from 'dns-packet';
import { answer, parseClusterName, resolvConfFor, parseResolvConfNameservers, parseUpstream, type DnsDecision } from '../../../src/net/index.js';
import { aTable, anEndpoint, anEntry } from './fixtures.js';

const options = { clusterDomain: 'cluster.local', ttlSeconds: 5 };
const table = aTable(
  anEntry({ name: 'web', namespace: 'shop', clusterIP: '127.10.0.5', ports: [
    { name: 'http', protocol: 'TCP', port: 80, endpoints: [anEndpoint('127.0.0.1', 30000)] },
    { name: 'dns', protocol: 'UDP', port: 53, endpoints: [] },
  ] }),
  anEntry({ name: 'db', namespace: 'shop', headless: true, ports: [
    { name: 'pg', protocol: 'TCP', port: 5432, endpoints: [
      anEndpoint('127.0.0.2', 31000, { hostname: 'db-0' }),
      anEndpoint('127.0.0.3', 31001),
      anEndpoint('127.0.0.4', 31002, { ready: false }),
    ] },
  ] }),
  anEntry({ name: 'ext', namespace: 'shop', type: 'ExternalName', externalName: 'example.org' }),
);

function ask(name: string, type: string): DnsDecision {
  return answer({ name, type: type as Question['type'], class: 'IN' }, table, options);
}

function summary(decision: DnsDecision): unknown {
  if (decision.kind === 'forward') return 'forward';
  return { rcode: decision.rcode, answers: decision.answers.map((a) => [a.type, a.name, (a as { data?: unknown }).data]) };
}

describe('answer', () => {
  const cases: Array<{ name: string; q: [string, string]; want: unknown }> = [
    { name: 'A for a ClusterIP service', q: ['web.shop.svc.cluster.local', 'A'], want: { rcode: 'NOERROR', answers: [['A', 'web.shop.svc.cluster.local', '127.10.0.5']] } },
    { name: 'names match case-insensitively and keep the asked case', q: ['Web.Shop.SVC.cluster.local', 'A'], want: { rcode: 'NOERROR', answers: [['A', 'Web.Shop.SVC.cluster.local', '127.10.0.5']] } },
    { name: 'AAAA for an IPv4-only service is NODATA', q: ['web.shop.svc.cluster.local', 'AAAA'], want: { rcode: 'NOERROR', answers: [] } },
    { name: 'A per ready endpoint for a headless service', q: ['db.shop.svc.cluster.local', 'A'], want: { rcode: 'NOERROR', answers: [['A', 'db.shop.svc.cluster.local', '127.0.0.2'], ['A', 'db.shop.svc.cluster.local', '127.0.0.3']] } },
    { name: 'A for a headless endpoint by hostname', q: ['db-0.db.shop.svc.cluster.local', 'A'], want: { rcode: 'NOERROR', answers: [['A', 'db-0.db.shop.svc.cluster.local', '127.0.0.2']] } },
    { name: 'A for a headless endpoint by dashed IP', q: ['127-0-0-3.db.shop.svc.cluster.local', 'A'], want: { rcode: 'NOERROR', answers: [['A', '127-0-0-3.db.shop.svc.cluster.local', '127.0.0.3']] } },
    { name: 'a not-ready headless endpoint has no name', q: ['127-0-0-4.db.shop.svc.cluster.local', 'A'], want: { rcode: 'NXDOMAIN', answers: [] } },
    { name: 'SRV for a named port of a ClusterIP service', q: ['_http._tcp.web.shop.svc.cluster.local', 'SRV'], want: { rcode: 'NOERROR', answers: [['SRV', '_http._tcp.web.shop.svc.cluster.local', { priority: 0, weight: 100, port: 80, target: 'web.shop.svc.cluster.local' }]] } },
    { name: 'SRV with the wrong protocol is NXDOMAIN', q: ['_http._udp.web.shop.svc.cluster.local', 'SRV'], want: { rcode: 'NXDOMAIN', answers: [] } },
    { name: 'SRV per ready endpoint of a headless service', q: ['_pg._tcp.db.shop.svc.cluster.local', 'SRV'], want: { rcode: 'NOERROR', answers: [
      ['SRV', '_pg._tcp.db.shop.svc.cluster.local', { priority: 0, weight: 100, port: 31000, target: 'db-0.db.shop.svc.cluster.local' }],
      ['SRV', '_pg._tcp.db.shop.svc.cluster.local', { priority: 0, weight: 100, port: 31001, target: '127-0-0-3.db.shop.svc.cluster.local' }],
    ] } },
    { name: 'SRV on the bare service name lists every port', q: ['web.shop.svc.cluster.local', 'SRV'], want: { rcode: 'NOERROR', answers: [
      ['SRV', 'web.shop.svc.cluster.local', { priority: 0, weight: 100, port: 80, target: 'web.shop.svc.cluster.local' }],
      ['SRV', 'web.shop.svc.cluster.local', { priority: 0, weight: 100, port: 53, target: 'web.shop.svc.cluster.local' }],
    ] } },
    { name: 'CNAME for an ExternalName service, whatever the type', q: ['ext.shop.svc.cluster.local', 'A'], want: { rcode: 'NOERROR', answers: [['CNAME', 'ext.shop.svc.cluster.local', 'example.org']] } },
    { name: 'A for a pod name', q: ['10-1-2-3.shop.pod.cluster.local', 'A'], want: { rcode: 'NOERROR', answers: [['A', '10-1-2-3.shop.pod.cluster.local', '10.1.2.3']] } },
    { name: 'a malformed pod name is NXDOMAIN', q: ['10-1-2-999.shop.pod.cluster.local', 'A'], want: { rcode: 'NXDOMAIN', answers: [] } },
    { name: 'an unknown service is NXDOMAIN', q: ['nope.shop.svc.cluster.local', 'A'], want: { rcode: 'NXDOMAIN', answers: [] } },
    { name: 'a search-list expansion of an outside name is NXDOMAIN', q: ['example.com.shop.svc.cluster.local', 'A'], want: { rcode: 'NXDOMAIN', answers: [] } },
    { name: 'an unknown zone under the domain is NXDOMAIN', q: ['foo.cluster.local', 'A'], want: { rcode: 'NXDOMAIN', answers: [] } },
    { name: 'a namespace with services exists (NODATA)', q: ['shop.svc.cluster.local', 'A'], want: { rcode: 'NOERROR', answers: [] } },
    { name: 'a namespace without services does not exist', q: ['empty.svc.cluster.local', 'A'], want: { rcode: 'NXDOMAIN', answers: [] } },
    { name: 'names outside the cluster domain are forwarded', q: ['example.org', 'A'], want: 'forward' },
    { name: 'a name that merely ends like the domain is forwarded', q: ['notcluster.local', 'A'], want: 'forward' },
  ];
  for (const c of cases) {
    it(c.name, () => assert.deepEqual(summary(ask(...c.q)), c.want));
  }

  it('puts the SOA in the authority section of negative answers, with the TTL as its minimum', () => {
    const decision = ask('nope.shop.svc.cluster.local', 'A');
    assert.equal(decision.kind, 'answer');
    if (decision.kind !== 'answer') return;
    assert.equal(decision.authorities[0]?.type, 'SOA');
    assert.equal((decision.authorities[0] as { data: { minimum: number } }).data.minimum, 5);
  });

  it('adds A records for SRV targets', () => {
    const decision = ask('_pg._tcp.db.shop.svc.cluster.local', 'SRV');
    assert.equal(decision.kind, 'answer');
    if (decision.kind !== 'answer') return;
    assert.deepEqual(decision.additionals.map((a) => [a.name, (a as { data?: unknown }).data]), [['db-0.db.shop.svc.cluster.local', '127.0.0.2'], ['127-0-0-3.db.shop.svc.cluster.local', '127.0.0.3']]);
  });

  it('uses a TTL of 5 seconds', () => {
    const decision = ask('web.shop.svc.cluster.local', 'A');
    assert.equal(decision.kind === 'answer' ? (decision.answers[0] as { ttl?: number }).ttl : undefined, 5);
  });
});

describe('parseClusterName', () => {
  it('honours another cluster domain and a trailing dot', () => {
    assert.deepEqual(parseClusterName('web.shop.svc.corp.example.', 'corp.example'), { kind: 'service', service: 'web', namespace: 'shop' });
    assert.equal(parseClusterName('web.shop.svc.cluster.local', 'corp.example'), undefined);
  });
});

describe('resolv.conf', () => {
  it('renders the ClusterFirst search list and ndots:5', () => {
    assert.equal(resolvConfFor({ nameserver: '127.0.0.53', namespace: 'shop' }),
      'nameserver 127.0.0.53\nsearch shop.svc.cluster.local svc.cluster.local cluster.local\noptions ndots:5\n');
  });

  it('reads nameservers in order and parses upstream strings', () => {
    assert.deepEqual(parseResolvConfNameservers('# comment\nsearch x\nnameserver 10.0.0.1\n nameserver fe80::1%eth0\n'),
      [{ address: '10.0.0.1', port: 53 }, { address: 'fe80::1', port: 53 }]);
    assert.deepEqual(parseUpstream('127.0.0.1:5353'), { address: '127.0.0.1', port: 5353 });
    assert.deepEqual(parseUpstream('[::1]:54'), { address: '::1', port: 54 });
    assert.deepEqual(parseUpstream('10.0.0.1'), { address: '10.0.0.1', port: 53 });
  });
});
