import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { allocate, DEFAULT_SERVICE_NETWORK, inUseBy } from '../../../src/apiserver/registry/service-allocation.js';
import type { KubeObject } from '../../../src/api/types.js';
import { startFixture } from './helpers.js';

const svc = (name: string, spec: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'v1', kind: 'Service', metadata: { name },
  spec: { selector: { app: name }, ports: [{ port: 80, targetPort: 8080 }], ...spec },
});
const network = { clusterIPRange: '127.10.0.0/30', nodePortRange: { min: 30000, max: 30001 } };
const none = () => inUseBy([]);

describe('Service address allocation (pure)', () => {
  it('gives a ClusterIP from the range, never the network address', () => {
    const out = allocate(svc('a'), none(), network, () => 0);
    assert.equal(out.spec.clusterIP, '127.10.0.1');
    assert.deepEqual(out.spec.clusterIPs, ['127.10.0.1']);
  });

  it('skips addresses in use and fails clearly when the range is full', () => {
    const used = inUseBy([svc('x', { clusterIP: '127.10.0.1' })]);
    assert.equal(allocate(svc('b'), used, network, () => 0).spec.clusterIP, '127.10.0.2');
    const full = inUseBy([svc('x', { clusterIP: '127.10.0.1' }), svc('y', { clusterIP: '127.10.0.2' })]);
    assert.throws(() => allocate(svc('c'), full, network), /spec.clusterIP: Internal error: no free address in 127.10.0.0\/30/);
  });

  it('accepts a requested free address and refuses a taken or foreign one', () => {
    assert.equal(allocate(svc('a', { clusterIP: '127.10.0.2' }), none(), network).spec.clusterIP, '127.10.0.2');
    const used = inUseBy([svc('x', { clusterIP: '127.10.0.2' })]);
    assert.throws(() => allocate(svc('a', { clusterIP: '127.10.0.2' }), used, network), /provided IP is already allocated/);
    assert.throws(() => allocate(svc('a', { clusterIP: '10.0.0.1' }), none(), network), /provided IP is not in the valid range/);
  });

  it('leaves headless and ExternalName Services without an address', () => {
    assert.equal(allocate(svc('h', { clusterIP: 'None' }), none(), network).spec.clusterIP, 'None');
    assert.equal(allocate(svc('e', { type: 'ExternalName', externalName: 'db.example' }), none(), network).spec.clusterIP, undefined);
  });

  it('gives NodePort and LoadBalancer ports a free node port and refuses a duplicate', () => {
    const out = allocate(svc('n', { type: 'NodePort', ports: [{ port: 80 }, { port: 443 }] }), none(), network, () => 0);
    assert.deepEqual(out.spec.ports.map((p: { nodePort: number }) => p.nodePort), [30000, 30001]);
    const used = inUseBy([out]);
    assert.throws(() => allocate(svc('m', { type: 'NodePort', ports: [{ port: 80, nodePort: 30001 }] }), used, network),
      /spec.ports\[0\].nodePort: Invalid value: 30001: provided port is already allocated/);
    assert.equal(allocate(svc('c'), used, network).spec.ports[0].nodePort, undefined, 'ClusterIP Services get no node port');
  });
});

describe('Service address allocation through the API', () => {
  it('allocates distinct addresses to concurrent creates and reports a duplicate NodePort as Invalid', async (t) => {
    const f = await startFixture(t);
    const created = await Promise.all(Array.from({ length: 10 }, (_, i) =>
      f.call('POST', '/api/v1/namespaces/default/services', svc(`s${i}`, { type: 'NodePort' }))));
    assert.deepEqual(created.map((r) => r.statusCode), Array(10).fill(201));
    const ips = new Set(created.map((r) => r.json.spec.clusterIP));
    const ports = new Set(created.map((r) => r.json.spec.ports[0].nodePort));
    assert.equal(ips.size, 10);
    assert.equal(ports.size, 10);
    for (const ip of ips) assert.match(ip, /^10\.43\.\d+\.\d+$/);
    assert.equal(DEFAULT_SERVICE_NETWORK.clusterIPRange, '10.43.0.0/16');
    const taken = created[0].json.spec.ports[0].nodePort;
    const dup = await f.call('POST', '/api/v1/namespaces/default/services', svc('dup', { type: 'NodePort', ports: [{ port: 80, nodePort: taken }] }));
    assert.equal(dup.statusCode, 422);
    assert.equal(dup.json.reason, 'Invalid');
    assert.equal(dup.json.details.causes[0].field, 'spec.ports[0].nodePort');
    // A deleted Service frees its address and port.
    assert.equal((await f.call('DELETE', '/api/v1/namespaces/default/services/s0')).statusCode, 200);
    const again = await f.call('POST', '/api/v1/namespaces/default/services', svc('again', { type: 'NodePort', ports: [{ port: 80, nodePort: taken }] }));
    assert.equal(again.statusCode, 201);
  });
});
