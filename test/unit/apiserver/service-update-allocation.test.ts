import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { allocateOnUpdate, inUseBy, inUseByOthers } from '../../../src/apiserver/registry/service-allocation.js';
import type { KubeObject } from '../../../src/api/types.js';
import { startFixture } from './helpers.js';

const svc = (name: string, spec: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' },
  spec: { selector: { app: name }, ports: [{ port: 80, targetPort: 8080 }], ...spec },
});
const network = { clusterIPRange: '10.43.0.0/16', nodePortRange: { min: 30000, max: 30002 } };
const ports = (s: KubeObject) => s.spec.ports.map((p: { nodePort?: number }) => p.nodePort);

describe('Service address allocation on update (pure)', () => {
  it('gives node ports when the type becomes NodePort, keeping ports the Service already had', () => {
    const old = svc('a', { clusterIP: '10.43.0.5' });
    const next = svc('a', { clusterIP: '10.43.0.5', type: 'NodePort', ports: [{ port: 80 }, { port: 81 }] });
    assert.deepEqual(ports(allocateOnUpdate(next, old, inUseBy([svc('b', { type: 'NodePort', ports: [{ port: 80, nodePort: 30000 }] })]), network, () => 0)), [30001, 30002]);
    const own = svc('a', { clusterIP: '10.43.0.5', type: 'NodePort', ports: [{ port: 80, nodePort: 30002 }] });
    assert.deepEqual(ports(allocateOnUpdate(own, own, inUseBy([]), network)), [30002]);
  });

  it('refuses a node port another Service holds', () => {
    const old = svc('a', { clusterIP: '10.43.0.5' });
    const next = svc('a', { clusterIP: '10.43.0.5', type: 'NodePort', ports: [{ port: 80, nodePort: 30000 }] });
    assert.throws(() => allocateOnUpdate(next, old, inUseBy([svc('b', { type: 'NodePort', ports: [{ port: 80, nodePort: 30000 }] })]), network),
      /spec.ports\[0\].nodePort: Invalid value: 30000: provided port is already allocated/);
  });

  it('drops node ports when the type is no longer NodePort/LoadBalancer, and the ClusterIP for ExternalName', () => {
    const old = svc('a', { clusterIP: '10.43.0.5', type: 'NodePort', ports: [{ port: 80, nodePort: 30000 }] });
    assert.deepEqual(ports(allocateOnUpdate(svc('a', { clusterIP: '10.43.0.5', type: 'ClusterIP', ports: [{ port: 80 }] }), old, inUseBy([]), network)), [undefined]);
    const external = allocateOnUpdate(svc('a', { type: 'ExternalName', externalName: 'x.org', clusterIP: '10.43.0.5', ports: [] }), old, inUseBy([]), network);
    assert.equal(external.spec.clusterIP, undefined);
  });

  it('allocates a ClusterIP when an ExternalName Service becomes ClusterIP', () => {
    const old = svc('a', { type: 'ExternalName', externalName: 'x.org' });
    const next = allocateOnUpdate(svc('a', { type: 'ClusterIP' }), old, inUseBy([]), network, () => 0);
    assert.equal(next.spec.clusterIP, '10.43.0.1');
  });

  it('counts only the other Services as users', () => {
    const a = svc('a', { type: 'NodePort', ports: [{ port: 80, nodePort: 30000 }] });
    assert.deepEqual([...inUseByOthers([a], { namespace: 'default', name: 'a' }).nodePorts], []);
  });
});

describe('Service address allocation on update through the API', () => {
  it('allocates a node port on a type change, refuses a duplicate, releases it on the way back', async (t) => {
    const f = await startFixture(t);
    const taken = await f.call('POST', '/api/v1/namespaces/default/services', svc('holder', { type: 'NodePort' }));
    assert.equal(taken.statusCode, 201);
    const heldPort = taken.json.spec.ports[0].nodePort;
    assert.equal((await f.call('POST', '/api/v1/namespaces/default/services', svc('web'))).statusCode, 201);

    const toNodePort = await f.call('PATCH', '/api/v1/namespaces/default/services/web', { spec: { type: 'NodePort' } }, { 'content-type': 'application/merge-patch+json' });
    assert.equal(toNodePort.statusCode, 200, JSON.stringify(toNodePort.json));
    const allocated = toNodePort.json.spec.ports[0].nodePort;
    assert.ok(allocated >= 30000 && allocated <= 32767 && allocated !== heldPort);

    const dup = await f.call('PATCH', '/api/v1/namespaces/default/services/web', { spec: { ports: [{ port: 80, targetPort: 8080, nodePort: heldPort }] } }, { 'content-type': 'application/merge-patch+json' });
    assert.equal(dup.statusCode, 422);
    assert.equal(dup.json.reason, 'Invalid');

    const back = await f.call('PATCH', '/api/v1/namespaces/default/services/web', { spec: { type: 'ClusterIP' } }, { 'content-type': 'application/merge-patch+json' });
    assert.equal(back.statusCode, 200, JSON.stringify(back.json));
    assert.equal(back.json.spec.ports[0].nodePort, undefined);
    // Released: another Service may now take it.
    const reuse = await f.call('POST', '/api/v1/namespaces/default/services', svc('reuse', { type: 'NodePort', ports: [{ port: 80, nodePort: allocated }] }));
    assert.equal(reuse.statusCode, 201, JSON.stringify(reuse.json));
  });
});
