import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import { resourceByKind } from '../../../src/api/resources.js';
import type { KubeObject } from '../../../src/api/types.js';
import { createFakeClient, createInformerFactory, FakeClock } from '../../../src/client/index.js';
import type { ControllerContext } from '../../../src/controllers/runtime/controller.js';
import { createScheduler, NodeInfos, schedule } from '../../../src/scheduler/index.js';
import { checkPodVolumes, type VolumeListers } from '../../../src/scheduler/filters/volumes.js';
import { aClaim, aVolume, LOCAL, SHARED } from '../controllers/volume-builders.js';
import { eventually } from '../controllers/gc-and-workload-builders.js';

function aNode(name: string): KubeObject {
  return {
    apiVersion: 'v1', kind: 'Node',
    metadata: { name, uid: `uid-${name}`, labels: { 'kubernetes.io/hostname': name } },
    spec: {},
    status: { allocatable: { cpu: '4', memory: '8Gi', pods: '110' }, conditions: [{ type: 'Ready', status: 'True' }] },
  };
}

function aPod(claims: string[]): KubeObject {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name: 'db-0', namespace: 'default', uid: 'pod-uid' },
    spec: {
      containers: [{ name: 'c', image: 'i' }],
      volumes: [{ name: 'tmp', emptyDir: {} }, ...claims.map((c) => ({ name: c, persistentVolumeClaim: { claimName: c } }))],
    },
    status: { phase: 'Pending' },
  };
}

function listers(objects: KubeObject[]): VolumeListers {
  const of = (kind: string) => objects.filter((o) => o.kind === kind);
  return {
    claim: (ns, name) => of('PersistentVolumeClaim').find((o) => o.metadata.namespace === ns && o.metadata.name === name),
    volume: (name) => of('PersistentVolume').find((o) => o.metadata.name === name),
    storageClass: (name) => of('StorageClass').find((o) => o.metadata.name === name),
  };
}

function nodes(...names: string[]) {
  const infos = new NodeInfos();
  for (const n of names) infos.upsertNode(aNode(n));
  return infos.all();
}

function place(pod: KubeObject, objects: KubeObject[], hosts = nodes('n1', 'n2', 'n3')) {
  const check = checkPodVolumes(pod, listers(objects));
  assert.ok(check.ok, 'volume check passes');
  return schedule(pod, hosts, { extraFilters: check.filter ? [{ name: 'VolumeBinding', filter: check.filter }] : [] });
}

describe('scheduler volume filter', () => {
  it('a pod without claims is unconstrained', () => {
    assert.deepEqual(checkPodVolumes(aPod([]), listers([])), { ok: true, selectNode: [] });
  });

  it('a missing claim makes the pod unschedulable, naming it', () => {
    assert.deepEqual(checkPodVolumes(aPod(['data']), listers([])), { ok: false, message: 'persistentvolumeclaim "data" not found' });
  });

  it('an unbound claim of an Immediate class blocks the pod until it binds', () => {
    const claim = aClaim({ className: 'shared' });
    assert.deepEqual(checkPodVolumes(aPod(['data']), listers([claim, SHARED])), { ok: false, message: 'pod has unbound immediate PersistentVolumeClaims' });
    const unknownClass = aClaim({ className: 'nope' });
    assert.equal(checkPodVolumes(aPod(['data']), listers([unknownClass])).ok, false);
  });

  it('a claim bound to a local volume pins the pod to that volume node', () => {
    const claim = aClaim({ volumeName: 'pv-1', phase: 'Bound' });
    const volume = aVolume('pv-1', { node: 'n2', claimRef: { namespace: 'default', name: 'data', uid: 'uid-data' } });
    for (let i = 0; i < 3; i++) {
      const placement = place(aPod(['data']), [claim, volume]);
      assert.ok(placement.ok);
      assert.equal(placement.node, 'n2');
    }
    const check = checkPodVolumes(aPod(['data']), listers([claim, volume]));
    assert.ok(check.ok && check.filter);
    const nowhere = schedule(aPod(['data']), nodes('n1', 'n3'), { extraFilters: [{ name: 'VolumeBinding', filter: check.filter }] });
    assert.deepEqual(nowhere.ok ? undefined : nowhere.message, '0/2 nodes are available: 2 node(s) had volume node affinity conflict.');
  });

  it('a claim bound to a shared volume (no affinity) lets the pod go anywhere', () => {
    const claim = aClaim({ className: 'shared', volumeName: 'pv-s', phase: 'Bound' });
    const volume = aVolume('pv-s', { className: 'shared' });
    const check = checkPodVolumes(aPod(['data']), listers([claim, volume, SHARED]));
    assert.deepEqual(check, { ok: true, filter: undefined, selectNode: [] });
  });

  it('a claim bound to a volume that does not exist blocks the pod', () => {
    const claim = aClaim({ volumeName: 'ghost', phase: 'Bound' });
    const check = checkPodVolumes(aPod(['data']), listers([claim]));
    assert.equal(check.ok, false);
  });

  it('WaitForFirstConsumer: any node fits, and the claim is to be told the chosen node', () => {
    const claim = aClaim();
    const check = checkPodVolumes(aPod(['data']), listers([claim, LOCAL]));
    assert.ok(check.ok);
    assert.equal(check.filter, undefined);
    assert.deepEqual(check.selectNode.map((c) => c.metadata.name), ['data']);
  });

  it('WaitForFirstConsumer: a node selected earlier is kept while it exists', () => {
    const claim = aClaim({ annotations: { 'volume.kubernetes.io/selected-node': 'n3' } });
    const placement = place(aPod(['data']), [claim, LOCAL]);
    assert.ok(placement.ok && placement.node === 'n3');
    const gone = place(aPod(['data']), [claim, LOCAL], nodes('n1'));
    assert.ok(gone.ok && gone.node === 'n1', 'the selected node left the cluster: choose again');
  });

  it('a claim being deleted blocks the pod', () => {
    const claim = aClaim();
    claim.metadata.deletionTimestamp = '2026-01-01T00:00:00Z';
    assert.deepEqual(checkPodVolumes(aPod(['data']), listers([claim, LOCAL])), { ok: false, message: 'persistentvolumeclaim "data" is being deleted' });
  });
});

describe('scheduler shell with volumes', () => {
  it('annotates a WaitForFirstConsumer claim with the node before binding, and explains a missing claim', async (t) => {
    const clock = new FakeClock(Date.parse('2026-01-01T00:00:00Z'));
    const claim = aClaim({ name: 'data' });
    const other = aPod(['missing']);
    other.metadata.name = 'lonely';
    other.metadata.uid = 'lonely-uid';
    const client = createFakeClient([aNode('n1'), LOCAL, claim, aPod(['data']), other], { clock });
    const informers = createInformerFactory(client, { clock });
    const events: string[] = [];
    const ctx: ControllerContext = {
      client, informers, clock, logger: pino({ level: 'silent' }),
      events: { record: (o, { reason, message }) => void events.push(`${o.metadata.name} ${reason}: ${message}`), flush: async () => undefined },
    };
    const scheduler = createScheduler(ctx);
    const stop = new AbortController();
    informers.start(stop.signal);
    assert.equal(await informers.waitForSync(stop.signal), true);
    const running = scheduler.run(stop.signal);
    t.after(async () => {
      stop.abort();
      client.closeWatches();
      await running;
    });
    const PODS = resourceByKind('v1', 'Pod')!;
    const CLAIMS = resourceByKind('v1', 'PersistentVolumeClaim')!;
    await eventually(() => client.peek(PODS, 'default', 'db-0')?.spec.nodeName === 'n1', 'pod bound');
    assert.equal(client.peek(CLAIMS, 'default', 'data')!.metadata.annotations?.['volume.kubernetes.io/selected-node'], 'n1');
    const verbs = client.actions().filter((a) => a.verb === 'patch' || (a.verb === 'create' && a.resource === 'pods')).map((a) => a.resource);
    assert.ok(verbs.indexOf('persistentvolumeclaims') < verbs.indexOf('pods'), 'the claim learns its node before the pod is bound');
    await eventually(() => events.includes('lonely FailedScheduling: 0/1 nodes are available: persistentvolumeclaim "missing" not found.'), 'explained');
  });
});
