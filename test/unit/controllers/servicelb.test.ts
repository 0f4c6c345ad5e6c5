import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resourceByKind } from '../../../src/api/resources.js';
import type { KubeObject } from '../../../src/api/types.js';
import { createFakeClient } from '../../../src/client/index.js';
import { createServiceLbController, desiredIngress, publishNetworkSettings, reconcileLoadBalancer } from '../../../src/controllers/servicelb/index.js';
import { eventually, runController } from './gc-and-workload-builders.js';

const SERVICES = resourceByKind('v1', 'Service')!;
const NODES = resourceByKind('v1', 'Node')!;
const CONFIGMAPS = resourceByKind('v1', 'ConfigMap')!;

function aNode(name: string, ip: string, ready = true): KubeObject {
  return {
    apiVersion: 'v1', kind: 'Node', metadata: { name },
    status: { addresses: [{ type: 'Hostname', address: name }, { type: 'InternalIP', address: ip }], conditions: [{ type: 'Ready', status: ready ? 'True' : 'Unknown' }] },
  };
}

function aLbService(opts: { type?: string; ingress?: string[]; loadBalancerClass?: string } = {}): KubeObject {
  return {
    apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' },
    spec: { type: opts.type ?? 'LoadBalancer', ports: [{ port: 80, nodePort: 30080 }], ...(opts.loadBalancerClass ? { loadBalancerClass: opts.loadBalancerClass } : {}) },
    ...(opts.ingress ? { status: { loadBalancer: { ingress: opts.ingress.map((ip) => ({ ip })) } } } : {}),
  };
}

void describe('servicelb reconcile', () => {
  void it('lists the Ready nodes’ InternalIPs, sorted and deduplicated', () => {
    const nodes = [aNode('b', '10.0.0.12'), aNode('a', '10.0.0.11'), aNode('c', '10.0.0.13', false), aNode('a2', '10.0.0.11')];
    assert.deepEqual(desiredIngress(aLbService(), nodes), [{ ip: '10.0.0.11' }, { ip: '10.0.0.12' }]);
  });
  void it('writes nothing when the status is already right', () => {
    assert.equal(reconcileLoadBalancer(aLbService({ ingress: ['10.0.0.11'] }), [aNode('a', '10.0.0.11')]), undefined);
  });
  void it('clears the ingress of a Service that is no longer a LoadBalancer', () => {
    assert.deepEqual(reconcileLoadBalancer(aLbService({ type: 'ClusterIP', ingress: ['10.0.0.11'] }), [aNode('a', '10.0.0.11')]), { loadBalancer: {} });
  });
  void it('leaves Services of another loadBalancerClass to their controller', () => {
    assert.equal(reconcileLoadBalancer(aLbService({ loadBalancerClass: 'example.com/lb' }), [aNode('a', '10.0.0.11')]), undefined);
  });
});

void describe('servicelb controller', () => {
  void it('sets status.loadBalancer.ingress and follows node readiness', async (t) => {
    const h = await runController(t, [aNode('a', '10.0.0.11'), aNode('b', '10.0.0.12')], (ctx) => createServiceLbController(ctx));
    await h.client.create(SERVICES, aLbService());
    const ingress = () => (h.client.peek(SERVICES, 'default', 'web')?.status?.loadBalancer?.ingress ?? []).map((i: { ip: string }) => i.ip).join(',');
    await eventually(() => ingress() === '10.0.0.11,10.0.0.12', 'both nodes listed');
    await h.client.patch(NODES, undefined, 'b', { type: 'merge', body: { status: { conditions: [{ type: 'Ready', status: 'Unknown' }] } } }, { subresource: 'status' });
    await eventually(() => ingress() === '10.0.0.11', 'the NotReady node dropped');
  });
});

void describe('cluster network publisher', () => {
  const settings = { serviceCIDR: '10.43.0.0/16', clusterDNS: '10.43.0.10', clusterDomain: 'cluster.local' };
  void it('creates the settings ConfigMap and the kube-dns Service, and is idempotent', async () => {
    const client = createFakeClient([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'kube-system' } }]);
    await publishNetworkSettings(client, settings);
    await publishNetworkSettings(client, settings);
    assert.deepEqual(client.peek(CONFIGMAPS, 'kube-system', 'tugboat-network')?.data, { serviceCIDR: '10.43.0.0/16', clusterDNS: '10.43.0.10', clusterDomain: 'cluster.local' });
    assert.equal(client.peek(SERVICES, 'kube-system', 'kube-dns')?.spec?.clusterIP, '10.43.0.10');
    assert.equal(client.actions().filter((a) => a.verb === 'create').length, 2);
  });
  void it('updates changed settings and recreates kube-dns on a new range', async () => {
    const client = createFakeClient();
    await publishNetworkSettings(client, settings);
    const moved = { serviceCIDR: '10.96.0.0/12', clusterDNS: '10.96.0.10', clusterDomain: 'cluster.local' };
    await publishNetworkSettings(client, moved);
    assert.equal((client.peek(CONFIGMAPS, 'kube-system', 'tugboat-network')?.data as Record<string, string> | undefined)?.serviceCIDR, '10.96.0.0/12');
    assert.equal(client.peek(SERVICES, 'kube-system', 'kube-dns')?.spec?.clusterIP, '10.96.0.10');
  });
});
