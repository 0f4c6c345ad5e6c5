/**
 * The Job and DaemonSet controllers against the real apiserver over loopback HTTP: status
 * writes (including clearing startTime), bound daemon pods, and force-deleting the pod of
 * a vanished node. No agent runs, so the tests play its part by writing pod status.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resourceByKind } from '../../../src/api/resources.js';
import type { KubeObject } from '../../../src/api/types.js';
import type { HttpApiClient } from '../../../src/client/index.js';
import { createDaemonSetController } from '../../../src/controllers/daemonset/index.js';
import { createJobController } from '../../../src/controllers/job/index.js';
import { aNode, eventuallyReal, startApiCluster } from './gc-and-workload-builders.js';

const PODS = resourceByKind('v1', 'Pod')!;
const NODES = resourceByKind('v1', 'Node')!;
const JOBS = resourceByKind('batch/v1', 'Job')!;
const DAEMONSETS = resourceByKind('apps/v1', 'DaemonSet')!;

describe('Job and DaemonSet controllers with the real apiserver', () => {
  let client: HttpApiClient;
  let stop: (() => Promise<void>) | undefined;
  const podsWith = async (label: string) => (await client.list(PODS, { namespace: 'default', labelSelector: label })).items;
  const setPodStatus = (pod: KubeObject, status: unknown) =>
    client.patch(PODS, 'default', pod.metadata.name!, { type: 'merge', body: { status } }, { subresource: 'status' });

  before(async () => {
    const cluster = await startApiCluster([createJobController, createDaemonSetController]);
    client = cluster.client;
    stop = cluster.stop;
  });
  after(async () => {
    await stop?.();
  });

  it('a suspended Job starts nothing; resumed, it runs its pods to Complete', async () => {
    await client.create(JOBS, {
      apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'batch', namespace: 'default' },
      spec: { suspend: true, completions: 2, parallelism: 1, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } },
    });
    await eventuallyReal(async () => (await client.get(JOBS, 'default', 'batch')).status?.conditions?.some((c: any) => c.type === 'Suspended' && c.status === 'True'), 'Suspended');
    assert.equal((await podsWith('job-name=batch')).length, 0);
    await client.patch(JOBS, 'default', 'batch', { type: 'merge', body: { spec: { suspend: false } } });
    for (let done = 0; done < 2; done++) {
      await eventuallyReal(async () => (await podsWith('job-name=batch')).filter((p) => p.status?.phase !== 'Succeeded').length === 1, `pod ${done + 1} running`);
      const [pod] = (await podsWith('job-name=batch')).filter((p) => p.status?.phase !== 'Succeeded');
      await setPodStatus(pod, { phase: 'Succeeded' });
    }
    await eventuallyReal(async () => (await client.get(JOBS, 'default', 'batch')).status?.conditions?.some((c: any) => c.type === 'Complete' && c.status === 'True'), 'Complete');
    const job = await client.get(JOBS, 'default', 'batch');
    assert.equal(job.status.succeeded, 2);
    assert.ok(job.status.startTime && job.status.completionTime);
    assert.equal((await podsWith('job-name=batch')).length, 2);
  });

  it('a DaemonSet binds one pod per node and force-removes the pod of a deleted node', async () => {
    await client.create(NODES, aNode('n1'));
    await client.create(NODES, aNode('n2'));
    await client.create(DAEMONSETS, {
      apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'logs', namespace: 'default' },
      spec: { selector: { matchLabels: { app: 'logs' } }, template: { metadata: { labels: { app: 'logs' } }, spec: { containers: [{ name: 'c', image: 'fluent' }] } } },
    });
    await eventuallyReal(async () => (await podsWith('app=logs')).length === 2, 'two daemon pods');
    assert.deepEqual((await podsWith('app=logs')).map((p) => p.spec.nodeName).sort(), ['n1', 'n2']);
    const now = new Date().toISOString();
    for (const pod of await podsWith('app=logs')) await setPodStatus(pod, { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: now }] });
    await eventuallyReal(async () => (await client.get(DAEMONSETS, 'default', 'logs')).status?.numberAvailable === 2, 'numberAvailable 2');
    await client.delete(NODES, undefined, 'n2');
    await eventuallyReal(async () => (await podsWith('app=logs')).map((p) => p.spec.nodeName).join() === 'n1', 'pod of n2 gone');
    await eventuallyReal(async () => (await client.get(DAEMONSETS, 'default', 'logs')).status?.desiredNumberScheduled === 1, 'desired 1');
  });
});
