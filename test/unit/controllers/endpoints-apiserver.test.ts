/** The endpoints controller against the real apiserver (loopback, memory store): its objects pass validation. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resourceByKind } from '../../../src/api/resources.js';
import type { KubeObject } from '../../../src/api/types.js';
import { isNotFound } from '../../../src/client/index.js';
import { createEndpointsController, SERVICE_NAME_LABEL } from '../../../src/controllers/endpoints/index.js';
import { eventuallyReal, startApiCluster } from './gc-and-workload-builders.js';
import { aServedPod, aService } from './endpoints-builders.js';

const SERVICES = resourceByKind('v1', 'Service')!;
const PODS = resourceByKind('v1', 'Pod')!;
const ENDPOINTS = resourceByKind('v1', 'Endpoints')!;
const SLICES = resourceByKind('discovery.k8s.io/v1', 'EndpointSlice')!;

const strip = (o: KubeObject): KubeObject => {
  const { uid: _u, resourceVersion: _r, ...metadata } = o.metadata;
  return { ...o, metadata };
};

describe('endpoints controller with the apiserver', () => {
  it('writes Endpoints and EndpointSlices the apiserver accepts, and deletes them with the Service', async (t) => {
    const cluster = await startApiCluster([createEndpointsController]);
    t.after(() => cluster.stop());
    const { client } = cluster;
    const { metadata: _m, spec, ...rest } = aService();
    await client.create(SERVICES, { ...rest, metadata: { name: 'web', namespace: 'default' }, spec: { ...spec, clusterIP: undefined } });
    for (const pod of [aServedPod('a', { hostPorts: { 'c/8080/TCP': 31001 } }), aServedPod('b', { ready: false, hostPorts: { 'c/8080/TCP': 31002 } })]) {
      const created = await client.create(PODS, strip({ ...pod, status: undefined }));
      await client.patch(PODS, 'default', created.metadata.name!, { type: 'merge', body: { status: pod.status } }, { subresource: 'status' });
    }
    const endpoints = async () => {
      try { return await client.get(ENDPOINTS, 'default', 'web'); } catch (err) { if (isNotFound(err)) return undefined; throw err; }
    };
    await eventuallyReal(async () => ((await endpoints())?.subsets as unknown[] | undefined)?.length === 2, 'two subsets');
    const subsets = (await endpoints())!.subsets as any[];
    assert.deepEqual(subsets.map((s) => [s.addresses?.length ?? 0, s.notReadyAddresses?.length ?? 0, s.ports[0].port]), [[1, 0, 31001], [0, 1, 31002]]);
    const slices = async () => (await client.list(SLICES, { namespace: 'default', labelSelector: `${SERVICE_NAME_LABEL}=web` })).items;
    await eventuallyReal(async () => (await slices()).length === 2, 'two slices');

    await client.delete(SERVICES, 'default', 'web');
    await eventuallyReal(async () => (await endpoints()) === undefined, 'Endpoints deleted');
    await eventuallyReal(async () => (await slices()).length === 0, 'slices deleted');
  });
});
