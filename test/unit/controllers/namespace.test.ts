import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resourceByKind } from '../../../src/api/resources.js';
import type { KubeObject } from '../../../src/api/types.js';
import { createFakeClient, FakeClock, type FakeClient } from '../../../src/client/index.js';
import { createNamespaceController, decideNamespace, remainingMessage } from '../../../src/controllers/namespace/index.js';
import { anObject, eventually, runController, T0 } from './gc-and-workload-builders.js';

const NAMESPACES = resourceByKind('v1', 'Namespace')!;
const PODS = resourceByKind('v1', 'Pod')!;
const CONFIGMAPS = resourceByKind('v1', 'ConfigMap')!;

function aNamespace(opts: { deleting?: boolean; finalizers?: string[]; phase?: string } = {}): KubeObject {
  return {
    apiVersion: 'v1', kind: 'Namespace',
    metadata: { name: 'team', uid: 'ns-uid', resourceVersion: '1', ...(opts.deleting ?? true ? { deletionTimestamp: new Date(T0).toISOString() } : {}) },
    spec: { finalizers: opts.finalizers ?? ['kubernetes'] },
    status: { phase: opts.phase ?? 'Terminating' },
  };
}

/**
 * The fake client does not know that spec.finalizers keeps a Namespace: mirror it with a
 * metadata finalizer that the finalize subresource removes, as the apiserver would.
 */
const MIRROR = 'test/spec-finalizers';
function namespaceFinalizersLikeTheApiserver(fake: FakeClient): void {
  fake.prependReactor((a) => {
    if (a.verb !== 'update' || a.resource !== 'namespaces' || a.subresource !== 'finalize') return undefined;
    const body = a.body as KubeObject;
    const left = body.spec?.finalizers?.length ? [MIRROR] : [];
    return fake.update(NAMESPACES, { ...body, metadata: { ...body.metadata, finalizers: left } });
  });
}

describe('namespace decision', () => {
  it('does nothing for a namespace that is not being deleted', () => {
    const d = decideNamespace(aNamespace({ deleting: false, phase: 'Active' }), [{ type: PODS, items: [anObject('Pod', { namespace: 'team' })] }]);
    assert.equal(d.idle, true);
    assert.deepEqual(d.deletes, []);
  });

  it('does nothing once the kubernetes finalizer is gone', () => {
    assert.equal(decideNamespace(aNamespace({ finalizers: [] }), []).idle, true);
  });

  it('deletes every object not already being deleted and waits for all of them', () => {
    const live = anObject('Pod', { namespace: 'team' });
    const going = anObject('Pod', { namespace: 'team', deleting: true });
    const cm = anObject('ConfigMap', { namespace: 'team' });
    const d = decideNamespace(aNamespace(), [{ type: PODS, items: [live, going] }, { type: CONFIGMAPS, items: [cm] }]);
    assert.deepEqual(d.deletes.map((x) => x.object.metadata.name), [live.metadata.name, cm.metadata.name]);
    assert.deepEqual(d.remaining, { pods: 2, configmaps: 1 });
    assert.equal(d.finalizeTo, undefined);
    assert.equal(d.requeueAfterMs, 1000);
    assert.equal(remainingMessage(d.remaining), 'Some resources are remaining: configmaps. has 1 resource instances, pods. has 2 resource instances');
  });

  it('finalizes an empty namespace, keeping other finalizers', () => {
    const d = decideNamespace(aNamespace({ finalizers: ['example.com/x', 'kubernetes'], phase: 'Active' }), [{ type: PODS, items: [] }]);
    assert.deepEqual(d.finalizeTo, ['example.com/x']);
    assert.equal(d.setTerminating, true);
  });
});

describe('namespace controller shell', () => {
  it('empties a terminating namespace and then lets it go', async (t) => {
    const stuck = anObject('ConfigMap', { name: 'stuck', namespace: 'team', finalizers: ['example.com/keep'] });
    const elsewhere = anObject('Pod', { name: 'elsewhere', namespace: 'default' });
    const clock = new FakeClock(T0);
    const ns = aNamespace({ phase: 'Active' });
    ns.metadata.finalizers = [MIRROR];
    const objects = [ns, anObject('Pod', { namespace: 'team' }), anObject('ConfigMap', { namespace: 'team' }), stuck, elsewhere];
    const client = createFakeClient(objects, { clock });
    namespaceFinalizersLikeTheApiserver(client);
    const h = await runController(t, [], (ctx) => createNamespaceController(ctx), { client, clock });
    await eventually(() => h.client.peek(NAMESPACES, undefined, 'team')?.status?.phase === 'Terminating', 'Terminating');
    await eventually(async () => (await h.client.list(PODS, { namespace: 'team' })).items.length === 0, 'pods deleted');
    assert.ok(h.client.peek(CONFIGMAPS, 'team', 'stuck')?.metadata.deletionTimestamp, 'the finalized object is marked');
    h.clock.advance(1000);
    await new Promise((r) => setTimeout(r, 20));
    assert.ok(h.client.peek(NAMESPACES, undefined, 'team'), 'namespace waits for the object with a finalizer');
    await h.client.patch(CONFIGMAPS, 'team', 'stuck', { type: 'merge', body: { metadata: { finalizers: [] } } });
    h.clock.advance(1000);
    await eventually(() => !h.client.peek(NAMESPACES, undefined, 'team'), 'namespace removed');
    assert.ok(h.client.peek(PODS, 'default', 'elsewhere'));
    const finalize = h.client.actions().find((a) => a.verb === 'update' && a.subresource === 'finalize');
    assert.deepEqual((finalize?.body as KubeObject).spec.finalizers, []);
  });
});
