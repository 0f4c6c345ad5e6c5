import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decideClaim, type ClaimAction } from '../../../src/controllers/volume/index.js';
import { aClaim, aClass, aVolume, LOCAL, SHARED } from './volume-builders.js';

const kinds = (actions: ClaimAction[]) => actions.map((a) => a.kind);
const find = <K extends ClaimAction['kind']>(actions: ClaimAction[], kind: K) => actions.find((a) => a.kind === kind) as Extract<ClaimAction, { kind: K }> | undefined;

describe('volume binder: classes', () => {
  it('assigns the newest default class to a claim created without one', () => {
    const older = aClass('old-default', { isDefault: true, created: '2025-01-01T00:00:00Z' });
    const actions = decideClaim({ claim: aClaim({ className: null }), volumes: [], classes: [older, LOCAL, SHARED] });
    assert.deepEqual(actions, [{ kind: 'assignClass', className: 'local-path' }]);
  });

  it('without a default class, a classless claim waits for a classless volume and says so', () => {
    const actions = decideClaim({ claim: aClaim({ className: null }), volumes: [aVolume('pv-c', { className: 'shared' })], classes: [SHARED] });
    assert.deepEqual(find(actions, 'claimStatus')?.status, { phase: 'Pending' });
    assert.equal(find(actions, 'event')?.reason, 'FailedBinding');
    const bound = decideClaim({ claim: aClaim({ className: null }), volumes: [aVolume('pv-none')], classes: [SHARED] });
    assert.equal(find(bound, 'bindClaim')?.volumeName, 'pv-none');
  });

  it('an unknown class stays Pending with a ProvisioningFailed warning naming it', () => {
    const actions = decideClaim({ claim: aClaim({ className: 'fast' }), volumes: [], classes: [LOCAL] });
    assert.deepEqual(actions, [
      { kind: 'claimStatus', status: { phase: 'Pending' } },
      { kind: 'event', type: 'Warning', reason: 'ProvisioningFailed', message: 'storageclass.storage.k8s.io "fast" not found' },
    ]);
  });

  it('a claim of a class nobody provisions waits for an external provisioner', () => {
    const ebs = aClass('ebs', { provisioner: 'ebs.csi.aws.com', mode: 'Immediate' });
    const actions = decideClaim({ claim: aClaim({ className: 'ebs', phase: 'Pending' }), volumes: [], classes: [ebs] });
    assert.deepEqual(kinds(actions), ['event']);
    assert.equal(find(actions, 'event')?.reason, 'ExternalProvisioning');
  });
});

describe('volume binder: binding existing volumes', () => {
  it('binds the smallest available volume that fits class, access modes and size', () => {
    const volumes = [
      aVolume('pv-huge', { storage: '100Gi', className: 'manual' }),
      aVolume('pv-small', { storage: '500Mi', className: 'manual' }),
      aVolume('pv-fit', { storage: '2Gi', className: 'manual' }),
      aVolume('pv-rox', { storage: '1Gi', className: 'manual', modes: ['ReadOnlyMany'] }),
      aVolume('pv-other-class', { storage: '1Gi', className: 'other' }),
      aVolume('pv-taken', { storage: '1Gi', className: 'manual', claimRef: { namespace: 'x', name: 'y', uid: 'u' } }),
      aVolume('pv-released', { storage: '1Gi', className: 'manual', phase: 'Released' }),
    ];
    const actions = decideClaim({ claim: aClaim({ className: 'manual' }), volumes, classes: [] });
    assert.deepEqual(kinds(actions), ['claimVolume', 'bindClaim', 'claimStatus']);
    const claimed = find(actions, 'claimVolume')!.volume;
    assert.equal(claimed.metadata.name, 'pv-fit');
    assert.equal(claimed.metadata.resourceVersion, '7', 'the write is conditional on the version read');
    assert.deepEqual(claimed.spec.claimRef, { kind: 'PersistentVolumeClaim', apiVersion: 'v1', namespace: 'default', name: 'data', uid: 'uid-data', resourceVersion: '5' });
    assert.deepEqual(find(actions, 'bindClaim'), {
      kind: 'bindClaim', volumeName: 'pv-fit',
      annotations: { 'pv.kubernetes.io/bind-completed': 'yes', 'pv.kubernetes.io/bound-by-controller': 'yes' },
    });
    assert.deepEqual(find(actions, 'claimStatus')!.status, { phase: 'Bound', accessModes: ['ReadWriteOnce'], capacity: { storage: '2Gi' } });
  });

  it('honours the claim selector', () => {
    const volumes = [aVolume('pv-a', { className: 'manual' }), aVolume('pv-b', { className: 'manual', labels: { tier: 'gold' } })];
    const actions = decideClaim({ claim: aClaim({ className: 'manual', selector: { matchLabels: { tier: 'gold' } } }), volumes, classes: [] });
    assert.equal(find(actions, 'bindClaim')?.volumeName, 'pv-b');
  });

  it('a claim naming its volume binds to it, not to a better fit', () => {
    const volumes = [aVolume('pv-big', { storage: '10Gi', className: 'manual' }), aVolume('pv-exact', { className: 'manual' })];
    const actions = decideClaim({ claim: aClaim({ className: 'manual', volumeName: 'pv-big' }), volumes, classes: [] });
    assert.equal(find(actions, 'claimVolume')?.volume.metadata.name, 'pv-big');
    assert.equal(find(actions, 'bindClaim'), undefined, 'volumeName is already set');
    assert.equal(find(actions, 'claimStatus')?.status.phase, 'Bound');
  });

  it('a volume pre-bound to the claim by name gets its uid and wins', () => {
    const volumes = [aVolume('pv-any', { className: 'manual' }), aVolume('pv-mine', { className: 'manual', claimRef: { namespace: 'default', name: 'data' } })];
    const actions = decideClaim({ claim: aClaim({ className: 'manual' }), volumes, classes: [] });
    assert.equal(find(actions, 'claimVolume')?.volume.spec.claimRef.uid, 'uid-data');
    assert.equal(find(actions, 'bindClaim')?.volumeName, 'pv-mine');
  });

  it('a volume pre-bound to a claim of the same name that was recreated is not taken', () => {
    const volumes = [aVolume('pv-old', { className: 'manual', claimRef: { namespace: 'default', name: 'data', uid: 'previous' } })];
    const actions = decideClaim({ claim: aClaim({ className: 'manual', phase: 'Pending' }), volumes, classes: [] });
    assert.equal(find(actions, 'bindClaim'), undefined);
  });

  it('a bound claim in steady state needs nothing', () => {
    const claim = aClaim({ volumeName: 'pv-1', status: { phase: 'Bound', accessModes: ['ReadWriteOnce'], capacity: { storage: '1Gi' } } });
    const volume = aVolume('pv-1', { className: 'local-path', claimRef: { namespace: 'default', name: 'data', uid: 'uid-data' }, phase: 'Bound' });
    assert.deepEqual(decideClaim({ claim, volumes: [volume], classes: [LOCAL] }), []);
  });

  it('a bound claim whose volume disappeared is Lost, once', () => {
    const claim = aClaim({ volumeName: 'pv-gone', phase: 'Bound' });
    const actions = decideClaim({ claim, volumes: [], classes: [LOCAL] });
    assert.deepEqual(actions, [
      { kind: 'claimStatus', status: { phase: 'Lost' } },
      { kind: 'event', type: 'Warning', reason: 'ClaimLost', message: 'Bound claim has lost its PersistentVolume. Data on the volume is lost!' },
    ]);
    assert.deepEqual(decideClaim({ claim: aClaim({ volumeName: 'pv-gone', phase: 'Lost' }), volumes: [], classes: [LOCAL] }), []);
  });

  it('a claim being deleted is left alone', () => {
    const claim = aClaim();
    claim.metadata.deletionTimestamp = '2026-01-01T00:00:00Z';
    assert.deepEqual(decideClaim({ claim, volumes: [aVolume('pv', { className: 'local-path' })], classes: [LOCAL] }), []);
  });
});

describe('volume binder: provisioning', () => {
  it('WaitForFirstConsumer: no volume before the scheduler picked a node', () => {
    const actions = decideClaim({ claim: aClaim(), volumes: [aVolume('pv-any', { className: 'local-path' })], classes: [LOCAL] });
    assert.deepEqual(actions, [
      { kind: 'claimStatus', status: { phase: 'Pending' } },
      { kind: 'event', type: 'Normal', reason: 'WaitForFirstConsumer', message: 'waiting for first consumer to be created before binding' },
    ]);
  });

  it('WaitForFirstConsumer: provisions a local directory on the selected node', () => {
    const claim = aClaim({ name: 'www', namespace: 'web', uid: 'abc', storage: '5Gi', phase: 'Pending', annotations: { 'volume.kubernetes.io/selected-node': 'node-2' } });
    const actions = decideClaim({ claim, volumes: [], classes: [LOCAL] });
    assert.deepEqual(kinds(actions), ['provision']);
    const pv = find(actions, 'provision')!.volume;
    assert.equal(pv.metadata.name, 'pvc-abc');
    assert.deepEqual(pv.metadata.annotations, { 'pv.kubernetes.io/provisioned-by': 'tugboat.io/local-path' });
    assert.deepEqual(pv.metadata.finalizers, ['tugboat.io/local-path-cleanup']);
    assert.deepEqual(pv.spec.hostPath, { path: '/var/lib/tugboat/storage/pvc-abc_web_www', type: 'DirectoryOrCreate' });
    assert.deepEqual(pv.spec.nodeAffinity, {
      required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['node-2'] }] }] },
    });
    assert.deepEqual(pv.spec.capacity, { storage: '5Gi' });
    assert.equal(pv.spec.persistentVolumeReclaimPolicy, 'Delete');
    assert.equal(pv.spec.storageClassName, 'local-path');
    assert.deepEqual({ ns: pv.spec.claimRef.namespace, name: pv.spec.claimRef.name, uid: pv.spec.claimRef.uid }, { ns: 'web', name: 'www', uid: 'abc' });
  });

  it('WaitForFirstConsumer: binds an existing local volume of the selected node rather than provisioning', () => {
    const claim = aClaim({ phase: 'Pending', annotations: { 'volume.kubernetes.io/selected-node': 'node-2' } });
    const volumes = [aVolume('pv-n1', { className: 'local-path', node: 'node-1' }), aVolume('pv-n2', { className: 'local-path', node: 'node-2' })];
    const actions = decideClaim({ claim, volumes, classes: [LOCAL] });
    assert.equal(find(actions, 'bindClaim')?.volumeName, 'pv-n2');
  });

  it('Retain classes provision volumes without the cleanup finalizer', () => {
    const keep = aClass('keep', { policy: 'Retain' });
    const claim = aClaim({ className: 'keep', phase: 'Pending', annotations: { 'volume.kubernetes.io/selected-node': 'n' } });
    const pv = find(decideClaim({ claim, volumes: [], classes: [keep] }), 'provision')!.volume;
    assert.equal(pv.spec.persistentVolumeReclaimPolicy, 'Retain');
    assert.equal(pv.metadata.finalizers, undefined);
  });

  it('Immediate shared class: provisions at once, without node affinity', () => {
    const claim = aClaim({ className: 'shared', modes: ['ReadWriteMany'], phase: 'Pending' });
    const pv = find(decideClaim({ claim, volumes: [], classes: [SHARED] }), 'provision')!.volume;
    assert.equal(pv.spec.nodeAffinity, undefined);
    assert.equal(pv.metadata.finalizers, undefined);
    assert.equal(pv.spec.hostPath.path, '/mnt/shared/pvc-uid-data_default_data');
    assert.deepEqual(pv.spec.accessModes, ['ReadWriteMany']);
  });

  it('local-path refuses what a single directory on one node cannot give', () => {
    const immediate = aClass('local-now', { mode: 'Immediate' });
    const a = decideClaim({ claim: aClaim({ className: 'local-now', phase: 'Pending' }), volumes: [], classes: [immediate] });
    assert.match(find(a, 'event')!.message, /needs volumeBindingMode WaitForFirstConsumer/);
    const rwx = aClaim({ modes: ['ReadWriteMany'], phase: 'Pending', annotations: { 'volume.kubernetes.io/selected-node': 'n' } });
    const b = decideClaim({ claim: rwx, volumes: [], classes: [LOCAL] });
    assert.equal(find(b, 'event')?.reason, 'ProvisioningFailed');
    assert.equal(find(b, 'provision'), undefined);
  });

  it('once provisioned, the claim binds to its pre-bound volume', () => {
    const claim = aClaim({ uid: 'abc', phase: 'Pending', annotations: { 'volume.kubernetes.io/selected-node': 'n' } });
    const volume = aVolume('pvc-abc', { className: 'local-path', claimRef: { namespace: 'default', name: 'data', uid: 'abc' }, node: 'n' });
    const actions = decideClaim({ claim, volumes: [volume], classes: [LOCAL] });
    assert.deepEqual(kinds(actions), ['bindClaim', 'claimStatus']);
  });
});
