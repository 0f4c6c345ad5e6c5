import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resourceByKind } from '../../../src/api/resources.js';
import type { KubeObject } from '../../../src/api/types.js';
import { createEndpointsController, SERVICE_NAME_LABEL } from '../../../src/controllers/endpoints/index.js';
import { eventually, runController } from './gc-and-workload-builders.js';
import { aServedPod, aService, podRef } from './endpoints-builders.js';

const SERVICES = resourceByKind('v1', 'Service')!;
const PODS = resourceByKind('v1', 'Pod')!;
const ENDPOINTS = resourceByKind('v1', 'Endpoints')!;
const SLICES = resourceByKind('discovery.k8s.io/v1', 'EndpointSlice')!;

describe('endpoints controller shell', () => {
  it('maintains Endpoints and an EndpointSlice for a Service and its pods, and removes them with the Service', async (t) => {
    const h = await runController(t, [], (ctx) => createEndpointsController(ctx, 1));
    const service = await h.client.create(SERVICES, aService());
    // Two hosts, same host port: one subset, one slice.
    for (const pod of [aServedPod('a', { ip: '10.0.0.1', node: 'node-a' }), aServedPod('b', { ip: '10.0.0.2', node: 'node-b' })]) {
      const { status, ...rest } = pod;
      const created = await h.client.create(PODS, rest as KubeObject);
      await h.client.patch(PODS, 'default', created.metadata.name!, { type: 'merge', body: { status } }, { subresource: 'status' });
    }
    const readyIps = () => (h.client.peek<any>(ENDPOINTS, 'default', 'web')?.subsets ?? []).flatMap((s: any) => (s.addresses ?? []).map((a: any) => a.ip));
    await eventually(() => readyIps().length === 2, 'two ready addresses');
    const endpoints = h.client.peek<any>(ENDPOINTS, 'default', 'web')!;
    assert.deepEqual(endpoints.subsets, [{
      addresses: [
        { ip: '10.0.0.1', nodeName: 'node-a', targetRef: { ...podRef('a'), uid: (await h.client.get(PODS, 'default', 'a')).metadata.uid } },
        { ip: '10.0.0.2', nodeName: 'node-b', targetRef: { ...podRef('b'), uid: (await h.client.get(PODS, 'default', 'b')).metadata.uid } },
      ],
      ports: [{ name: 'http', port: 31000, protocol: 'TCP' }],
    }]);
    const slices = (await h.client.list(SLICES, { namespace: 'default', labelSelector: `${SERVICE_NAME_LABEL}=web` })).items as any[];
    assert.equal(slices.length, 1);
    assert.deepEqual(slices[0].endpoints.map((e: any) => [e.addresses[0], e.conditions.ready]), [['10.0.0.1', true], ['10.0.0.2', true]]);
    assert.equal(slices[0].metadata.ownerReferences[0].uid, service.metadata.uid);

    // A pod turning not ready moves to notReadyAddresses.
    await h.client.patch(PODS, 'default', 'b', { type: 'merge', body: { status: { conditions: [{ type: 'Ready', status: 'False' }] } } }, { subresource: 'status' });
    await eventually(() => readyIps().length === 1, 'b no longer ready');
    const subset = h.client.peek<any>(ENDPOINTS, 'default', 'web')!.subsets[0];
    assert.deepEqual(subset.addresses.map((a: any) => a.targetRef.name), ['a']);
    assert.deepEqual(subset.notReadyAddresses.map((a: any) => a.targetRef.name), ['b']);
    await eventually(async () => {
      const [slice] = (await h.client.list(SLICES, { namespace: 'default' })).items as any[];
      return slice?.endpoints.find((e: any) => e.targetRef.name === 'b')?.conditions.ready === false;
    }, 'slice shows b not ready');

    // Changes that do not matter write nothing. One worker handles keys in order, and pod events
    // arrive in order, so once the marker pod's Service is synced, the earlier pod change was too.
    const marker = await h.client.create(SERVICES, aService({ name: 'marker', selector: { app: 'marker' } }));
    await eventually(() => !!h.client.peek<any>(ENDPOINTS, 'default', marker.metadata.name!), 'marker Endpoints');
    h.client.clearActions();
    await h.client.patch(SERVICES, 'default', 'web', { type: 'merge', body: { metadata: { annotations: { touched: 'yes' } } } });
    await h.client.patch(PODS, 'default', 'a', { type: 'merge', body: { metadata: { annotations: { unrelated: 'x' } } } });
    await h.client.create(PODS, aServedPod('m', { labels: { app: 'marker' } }));
    await eventually(() => h.client.peek<any>(ENDPOINTS, 'default', 'marker')?.subsets?.length === 1, 'marker pod listed');
    const writes = h.client.actions().filter((a) => ['create', 'update', 'delete'].includes(a.verb) && (a.resource === 'endpoints' || a.resource === 'endpointslices'));
    assert.deepEqual(writes.map((a) => `${a.verb} ${a.resource} ${(a.body as KubeObject | undefined)?.metadata?.name ?? a.name}`).filter((w) => !w.includes('marker')), []);
    assert.ok(writes.length > 0, 'the marker writes were seen');

    // Deleting the Service removes its Endpoints and slices.
    await h.client.delete(SERVICES, 'default', 'web');
    await eventually(() => !h.client.peek<any>(ENDPOINTS, 'default', 'web'), 'Endpoints deleted');
    await eventually(async () => (await h.client.list(SLICES, { namespace: 'default', labelSelector: `${SERVICE_NAME_LABEL}=web` })).items.length === 0, 'slices deleted');
  });

  it('restores controller-managed Endpoints that someone deletes, and leaves selector-less Services alone', async (t) => {
    const userEndpoints = { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'external', namespace: 'default' }, subsets: [{ addresses: [{ ip: '192.0.2.1' }], ports: [{ port: 5432 }] }] };
    const h = await runController(t, [aService(), aServedPod('a'), aService({ name: 'external', selector: null }), userEndpoints], (ctx) => createEndpointsController(ctx));
    await eventually(() => !!h.client.peek<any>(ENDPOINTS, 'default', 'web'), 'Endpoints created');
    await h.client.delete(ENDPOINTS, 'default', 'web');
    await eventually(() => h.client.peek<any>(ENDPOINTS, 'default', 'web')?.subsets?.[0]?.addresses?.[0]?.ip === '10.0.0.1', 'Endpoints recreated');
    assert.deepEqual(h.client.peek<any>(ENDPOINTS, 'default', 'external')?.subsets, userEndpoints.subsets);
    assert.equal(h.client.actions().some((a) => a.resource === 'endpoints' && a.verb !== 'list' && a.verb !== 'watch' && (a.name === 'external' || (a.body as KubeObject | undefined)?.metadata?.name === 'external')), false);
  });

  it('reports a named targetPort no pod has as a Warning Event on the Service, once', async (t) => {
    const service = aService({ ports: [{ name: 'web', port: 80, protocol: 'TCP', targetPort: 'grpc' }, { name: 'http', port: 8080, protocol: 'TCP', targetPort: 8080 }] });
    const h = await runController(t, [service, aServedPod('a')], (ctx) => createEndpointsController(ctx, 1));
    await eventually(() => h.client.peek<any>(ENDPOINTS, 'default', 'web')?.subsets?.[0]?.addresses?.length === 1, 'a listed for the numeric port');
    assert.deepEqual(h.client.peek<any>(ENDPOINTS, 'default', 'web')!.subsets[0].ports, [{ name: 'http', port: 31000, protocol: 'TCP' }]);
    await h.client.patch(PODS, 'default', 'a', { type: 'merge', body: { status: { conditions: [{ type: 'Ready', status: 'False' }] } } }, { subresource: 'status' });
    await eventually(() => h.client.peek<any>(ENDPOINTS, 'default', 'web')?.subsets?.[0]?.notReadyAddresses?.length === 1, 'resynced after the pod change');
    assert.deepEqual(h.events.map((e) => [e.object, e.type, e.reason]), [['web', 'Warning', 'FailedToResolveTargetPort']]);
  });
});
