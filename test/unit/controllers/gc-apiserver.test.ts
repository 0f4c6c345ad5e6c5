/**
 * The garbage collector and namespace controller against the real apiserver over loopback
 * HTTP: checks the contract the fake client cannot (the server adds foregroundDeletion /
 * orphan finalizers and holds a Namespace by spec.finalizers), with the ReplicaSet,
 * Deployment and Job controllers making the objects.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resourceByKind } from '../../../src/api/resources.js';
import { isNotFound, type HttpApiClient } from '../../../src/client/index.js';
import { createDeploymentController } from '../../../src/controllers/deployment/controller.js';
import { createGarbageCollector } from '../../../src/controllers/gc/index.js';
import { createJobController } from '../../../src/controllers/job/index.js';
import { createNamespaceController } from '../../../src/controllers/namespace/index.js';
import { createReplicaSetController } from '../../../src/controllers/replicaset/controller.js';
import { eventuallyReal, startApiCluster } from './gc-and-workload-builders.js';

const DEPLOYMENTS = resourceByKind('apps/v1', 'Deployment')!;
const REPLICASETS = resourceByKind('apps/v1', 'ReplicaSet')!;
const PODS = resourceByKind('v1', 'Pod')!;
const NAMESPACES = resourceByKind('v1', 'Namespace')!;
const CONFIGMAPS = resourceByKind('v1', 'ConfigMap')!;
const JOBS = resourceByKind('batch/v1', 'Job')!;

function aDeployment(name: string, namespace: string) {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace },
    spec: { replicas: 2, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
  };
}

describe('garbage collector and namespace controller with the real apiserver', () => {
  let client: HttpApiClient;
  let stop: (() => Promise<void>) | undefined;
  const count = async (type: typeof PODS, namespace: string, label?: string) =>
    (await client.list(type, { namespace, ...(label ? { labelSelector: `app=${label}` } : {}) })).items.length;
  const gone = (type: typeof PODS, namespace: string | undefined, name: string) => async () => {
    try {
      await client.get(type, namespace, name);
      return false;
    } catch (err) {
      return isNotFound(err);
    }
  };

  before(async () => {
    const cluster = await startApiCluster([createGarbageCollector, createNamespaceController, createReplicaSetController, createDeploymentController, createJobController]);
    client = cluster.client;
    stop = cluster.stop;
  });
  after(async () => {
    await stop?.();
  });

  it('foreground: the Deployment goes only after its ReplicaSet and pods', async () => {
    await client.create(DEPLOYMENTS, aDeployment('fg', 'default'));
    await eventuallyReal(async () => (await count(PODS, 'default', 'fg')) === 2, 'pods created');
    await client.delete(DEPLOYMENTS, 'default', 'fg', { propagationPolicy: 'Foreground' });
    const marked = await client.get(DEPLOYMENTS, 'default', 'fg').catch(() => undefined);
    if (marked) assert.ok(marked.metadata.finalizers?.includes('foregroundDeletion'));
    await eventuallyReal(gone(DEPLOYMENTS, 'default', 'fg'), 'deployment deleted');
    assert.equal(await count(PODS, 'default', 'fg'), 0, 'pods went first');
    assert.equal(await count(REPLICASETS, 'default', 'fg'), 0, 'ReplicaSet went first');
  });

  it('orphan: the ReplicaSet stays without its owner reference; background then cascades to pods', async () => {
    await client.create(DEPLOYMENTS, aDeployment('or', 'default'));
    await eventuallyReal(async () => (await count(PODS, 'default', 'or')) === 2, 'pods created');
    await client.delete(DEPLOYMENTS, 'default', 'or', { propagationPolicy: 'Orphan' });
    await eventuallyReal(gone(DEPLOYMENTS, 'default', 'or'), 'deployment deleted');
    const [rs] = (await client.list(REPLICASETS, { namespace: 'default', labelSelector: 'app=or' })).items;
    assert.deepEqual(rs.metadata.ownerReferences ?? [], []);
    assert.equal(await count(PODS, 'default', 'or'), 2);
    await client.delete(REPLICASETS, 'default', rs.metadata.name!);
    await eventuallyReal(async () => (await count(PODS, 'default', 'or')) === 0, 'pods collected');
  });

  it('a deleted namespace is emptied and then removed', async () => {
    await client.create(NAMESPACES, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } });
    await client.create(CONFIGMAPS, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'team' }, data: {} });
    await client.create(JOBS, {
      apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'once', namespace: 'team' },
      spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } },
    });
    await eventuallyReal(async () => (await count(PODS, 'team')) === 1, 'job pod created');
    await client.delete(NAMESPACES, undefined, 'team');
    await eventuallyReal(gone(NAMESPACES, undefined, 'team'), 'namespace removed');
  });
});
