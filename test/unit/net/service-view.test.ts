import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildServiceTable } from '../../../src/net/index.js';
import { aService, aSlice, anEndpointsObject } from './fixtures.js';

describe('buildServiceTable', () => {
  it('maps a ClusterIP service with its slice endpoints, matched by port name', () => {
    const table = buildServiceTable({
      services: [aService({ name: 'web', clusterIP: '127.10.0.5', ports: [{ name: 'http', port: 80 }, { name: 'metrics', port: 9090 }] })],
      endpointSlices: [aSlice({
        service: 'web', ports: [{ name: 'metrics', port: 32001 }, { name: 'http', port: 32000 }],
        endpoints: [{ ip: '10.0.0.2', pod: 'web-1', node: 'h1' }],
      })],
    });
    const web = table.get('default/web');
    assert.ok(web);
    assert.equal(web.clusterIP, '127.10.0.5');
    assert.equal(web.headless, false);
    assert.deepEqual(web.ports.map((p) => [p.name, p.port, p.endpoints.map((e) => e.port)]), [['http', 80, [32000]], ['metrics', 9090, [32001]]]);
    assert.deepEqual(web.ports[0].endpoints[0], { ip: '10.0.0.2', port: 32000, ready: true, terminating: false, podName: 'web-1', nodeName: 'h1' });
  });

  const conditionCases: Array<{ name: string; ep: Parameters<typeof aSlice>[0]['endpoints'][0]; ready: boolean; terminating: boolean }> = [
    { name: 'ready', ep: { ip: '10.0.0.1', ready: true }, ready: true, terminating: false },
    { name: 'not ready', ep: { ip: '10.0.0.1', ready: false }, ready: false, terminating: false },
    { name: 'unknown readiness counts as ready', ep: { ip: '10.0.0.1', ready: null }, ready: true, terminating: false },
    { name: 'terminating but still serving is not ready', ep: { ip: '10.0.0.1', ready: false, serving: true, terminating: true }, ready: false, terminating: true },
    { name: 'terminating with ready=true is still not ready', ep: { ip: '10.0.0.1', ready: true, terminating: true }, ready: false, terminating: true },
  ];
  for (const c of conditionCases) {
    it(`slice conditions: ${c.name}`, () => {
      const table = buildServiceTable({
        services: [aService({ name: 'web', clusterIP: '127.10.0.5' })],
        endpointSlices: [aSlice({ service: 'web', ports: [{ name: 'http', port: 30000 }], endpoints: [c.ep] })],
      });
      const ep = table.get('default/web')?.ports[0].endpoints[0];
      assert.equal(ep?.ready, c.ready);
      assert.equal(ep?.terminating, c.terminating);
    });
  }

  it('merges several slices and keeps the ready copy of a duplicated endpoint', () => {
    const ports = [{ name: 'http', port: 30000 }];
    const table = buildServiceTable({
      services: [aService({ name: 'web', clusterIP: '127.10.0.5' })],
      endpointSlices: [
        aSlice({ service: 'web', name: 'a', ports, endpoints: [{ ip: '10.0.0.2', ready: false }, { ip: '10.0.0.1' }] }),
        aSlice({ service: 'web', name: 'b', ports, endpoints: [{ ip: '10.0.0.2', ready: true }] }),
      ],
    });
    assert.deepEqual(table.get('default/web')?.ports[0].endpoints.map((e) => [e.ip, e.ready]), [['10.0.0.1', true], ['10.0.0.2', true]]);
  });

  it('ignores slices of other services, other namespaces and non-IPv4 address types', () => {
    const ports = [{ name: 'http', port: 30000 }];
    const table = buildServiceTable({
      services: [aService({ name: 'web', clusterIP: '127.10.0.5' })],
      endpointSlices: [
        aSlice({ service: 'api', ports, endpoints: [{ ip: '10.0.0.9' }] }),
        aSlice({ service: 'web', namespace: 'other', ports, endpoints: [{ ip: '10.0.0.8' }] }),
        aSlice({ service: 'web', addressType: 'FQDN', ports, endpoints: [{ ip: 'example.com' }] }),
      ],
    });
    assert.deepEqual(table.get('default/web')?.ports[0].endpoints, []);
  });

  it('does not match endpoint ports of another protocol', () => {
    const table = buildServiceTable({
      services: [aService({ name: 'dns', clusterIP: '127.10.0.10', ports: [{ name: 'dns', port: 53, protocol: 'UDP' }, { name: 'dns-tcp', port: 53, protocol: 'TCP' }] })],
      endpointSlices: [aSlice({ service: 'dns', ports: [{ name: 'dns', port: 31053, protocol: 'UDP' }, { name: 'dns-tcp', port: 31054, protocol: 'TCP' }], endpoints: [{ ip: '10.0.0.1' }] })],
    });
    assert.deepEqual(table.get('default/dns')?.ports.map((p) => [p.protocol, p.endpoints.map((e) => e.port)]), [['UDP', [31053]], ['TCP', [31054]]]);
  });

  it('falls back to the Endpoints object when the service has no slices', () => {
    const table = buildServiceTable({
      services: [aService({ name: 'web', clusterIP: '127.10.0.5', ports: [{ port: 80 }] })],
      endpoints: [anEndpointsObject({ name: 'web', subsets: [{ ready: ['10.0.0.1'], notReady: ['10.0.0.2'], ports: [{ port: 30000 }] }] })],
    });
    assert.deepEqual(table.get('default/web')?.ports[0].endpoints.map((e) => [e.ip, e.port, e.ready]), [['10.0.0.1', 30000, true], ['10.0.0.2', 30000, false]]);
  });

  it('prefers slices over the Endpoints object', () => {
    const table = buildServiceTable({
      services: [aService({ name: 'web', clusterIP: '127.10.0.5' })],
      endpoints: [anEndpointsObject({ name: 'web', subsets: [{ ready: ['10.0.0.1'], ports: [{ name: 'http', port: 30000 }] }] })],
      endpointSlices: [aSlice({ service: 'web', ports: [{ name: 'http', port: 30001 }], endpoints: [{ ip: '10.0.0.7' }] })],
    });
    assert.deepEqual(table.get('default/web')?.ports[0].endpoints.map((e) => e.ip), ['10.0.0.7']);
  });

  it('marks headless services and gives them no ClusterIP', () => {
    const table = buildServiceTable({
      services: [aService({ name: 'db', clusterIP: 'None' })],
      endpointSlices: [aSlice({ service: 'db', ports: [{ name: 'http', port: 30000 }], endpoints: [{ ip: '10.0.0.1', hostname: 'db-0' }, { ip: '10.0.0.2', ready: false }] })],
    });
    const db = table.get('default/db');
    assert.equal(db?.headless, true);
    assert.equal(db?.clusterIP, undefined);
    assert.deepEqual(db?.addresses, [{ ip: '10.0.0.1', ready: true, terminating: false, hostname: 'db-0' }, { ip: '10.0.0.2', ready: false, terminating: false }]);
  });

  it('keeps ExternalName, NodePort and ClientIP affinity settings', () => {
    const table = buildServiceTable({
      services: [
        aService({ name: 'ext', type: 'ExternalName', externalName: 'example.org', ports: [] }),
        aService({ name: 'np', clusterIP: '127.10.0.6', type: 'NodePort', ports: [{ name: 'http', port: 80, nodePort: 30080 }], sessionAffinity: 'ClientIP', affinityTimeoutSeconds: 60 }),
      ],
    });
    const ext = table.get('default/ext');
    assert.equal(ext?.type, 'ExternalName');
    assert.equal(ext?.externalName, 'example.org');
    assert.equal(ext?.clusterIP, undefined);
    const np = table.get('default/np');
    assert.equal(np?.ports[0].nodePort, 30080);
    assert.equal(np?.sessionAffinity, 'ClientIP');
    assert.equal(np?.sessionAffinityTimeoutSeconds, 60);
  });

  it('defaults the affinity timeout to Kubernetes\' 3 hours', () => {
    const table = buildServiceTable({ services: [aService({ name: 'a', clusterIP: '127.10.0.7', sessionAffinity: 'ClientIP' })] });
    assert.equal(table.get('default/a')?.sessionAffinityTimeoutSeconds, 10_800);
  });
});
