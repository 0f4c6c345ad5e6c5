import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  isLoopbackRange, kubeDnsService, networkSettingsData, networkSettingsFor, parseNetworkSettings,
} from '../../../src/net/network-settings.js';

void describe('cluster network settings', () => {
  void it('defaults to k3s: 10.43.0.0/16, DNS at .10, cluster.local', () => {
    assert.deepEqual(networkSettingsFor({}), { ok: true, settings: { serviceCIDR: '10.43.0.0/16', clusterDNS: '10.43.0.10', clusterDomain: 'cluster.local' } });
  });

  void it('derives the DNS address from any range and normalises the domain', () => {
    const result = networkSettingsFor({ serviceCIDR: '172.20.0.0/20', clusterDomain: 'Corp.Example.' });
    assert.deepEqual(result, { ok: true, settings: { serviceCIDR: '172.20.0.0/20', clusterDNS: '172.20.0.10', clusterDomain: 'corp.example' } });
  });

  void it('refuses ranges that are malformed, too small, have host bits, or bad domains', () => {
    for (const [input, message] of [
      [{ serviceCIDR: '10.43.0.0' }, /expected an IPv4 range/],
      [{ serviceCIDR: '10.43.0.0/29' }, /between \/8 and \/24/],
      [{ serviceCIDR: '10.43.1.0/16' }, /host bits are set \(did you mean 10.43.0.0\/16\?\)/],
      [{ serviceCIDR: 'fd00::/108' }, /expected an IPv4 range/],
      [{ clusterDomain: 'bad_domain' }, /invalid cluster domain/],
    ] as const) {
      const result = networkSettingsFor(input);
      assert.equal(result.ok, false);
      assert.match((result as { message: string }).message, message);
    }
  });

  void it('round-trips through ConfigMap data', () => {
    const settings = { serviceCIDR: '10.96.0.0/12', clusterDNS: '10.96.0.10', clusterDomain: 'cluster.local' };
    assert.deepEqual(parseNetworkSettings(networkSettingsData(settings)), settings);
  });

  void it('ignores published data that is missing or inconsistent', () => {
    assert.equal(parseNetworkSettings(undefined), undefined);
    assert.equal(parseNetworkSettings({}), undefined);
    assert.equal(parseNetworkSettings({ serviceCIDR: 'nonsense' }), undefined);
    // A DNS address outside the range could never be bound through the range's local route.
    assert.equal(parseNetworkSettings({ serviceCIDR: '10.43.0.0/16', clusterDNS: '10.44.0.10', clusterDomain: 'cluster.local' }), undefined);
    assert.deepEqual(parseNetworkSettings({ serviceCIDR: '10.43.0.0/16' }), { serviceCIDR: '10.43.0.0/16', clusterDNS: '10.43.0.10', clusterDomain: 'cluster.local' });
  });

  void it('knows which ranges need no local route', () => {
    assert.equal(isLoopbackRange('127.10.0.0/16'), true);
    assert.equal(isLoopbackRange('127.0.0.0/8'), true);
    assert.equal(isLoopbackRange('10.43.0.0/16'), false);
    assert.equal(isLoopbackRange('64.0.0.0/2'), false);
  });

  void it('shows the DNS as Service kube-system/kube-dns on 53/UDP and 53/TCP without a selector', () => {
    const svc = kubeDnsService({ serviceCIDR: '10.43.0.0/16', clusterDNS: '10.43.0.10', clusterDomain: 'cluster.local' });
    assert.equal(svc.metadata.namespace, 'kube-system');
    assert.equal(svc.metadata.name, 'kube-dns');
    assert.equal(svc.spec.clusterIP, '10.43.0.10');
    assert.equal(svc.spec.selector, undefined);
    assert.deepEqual(svc.spec.ports.map((p: { port: number; protocol: string }) => `${p.port}/${p.protocol}`), ['53/UDP', '53/TCP']);
  });
});
