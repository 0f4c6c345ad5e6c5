import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resourceByKind } from '../../../src/api/resources.js';
import { createStatefulSetController } from '../../../src/controllers/statefulset/index.js';
import { T0 } from './builders.js';
import { eventually, runController } from './gc-and-workload-builders.js';
import { aStatefulSet } from './statefulset-builders.js';

const PODS = resourceByKind('v1', 'Pod')!;
const CLAIMS = resourceByKind('v1', 'PersistentVolumeClaim')!;
const STATEFULSETS = resourceByKind('apps/v1', 'StatefulSet')!;
const RUNNING_READY = { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: new Date(T0).toISOString() }] };

describe('statefulset controller shell', () => {
  it('creates ordinals in order with their claims, and recreates a failed pod under the same name', async (t) => {
    const sts = aStatefulSet({ replicas: 2, claims: true });
    delete sts.status;
    const { client, events } = await runController(t, [sts], (ctx) => createStatefulSetController(ctx));

    await eventually(() => Boolean(client.peek(PODS, 'default', 'db-0')), 'db-0 created');
    assert.ok(client.peek(CLAIMS, 'default', 'data-db-0'), 'its claim exists');
    await eventually(() => client.peek(STATEFULSETS, 'default', 'db')?.status?.replicas === 1, 'status replicas=1');
    assert.equal(client.peek(PODS, 'default', 'db-1'), undefined, 'db-1 waits for db-0 to be ready');

    await client.patch(PODS, 'default', 'db-0', { type: 'merge', body: { status: RUNNING_READY } }, { subresource: 'status' });
    await eventually(() => Boolean(client.peek(PODS, 'default', 'db-1')), 'db-1 created after db-0 is ready');
    assert.ok(client.peek(CLAIMS, 'default', 'data-db-1'));
    assert.deepEqual(client.peek(PODS, 'default', 'db-1')!.spec.volumes, [{ name: 'data', persistentVolumeClaim: { claimName: 'data-db-1' } }]);

    const firstUid = client.peek(PODS, 'default', 'db-1')!.metadata.uid;
    await client.patch(PODS, 'default', 'db-1', { type: 'merge', body: { status: { phase: 'Failed' } } }, { subresource: 'status' });
    await eventually(() => {
      const pod = client.peek(PODS, 'default', 'db-1');
      return Boolean(pod) && pod!.metadata.uid !== firstUid;
    }, 'db-1 recreated with the same name');
    assert.ok(events.some((e) => `${e.reason}: ${e.message}`.startsWith('SuccessfulDelete: delete Pod db-1')));
    assert.equal(client.actions().filter((a) => a.verb === 'create' && a.resource === 'persistentvolumeclaims').length, 2, 'claims are created once');
  });
});
