import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resourceByKind } from '../../../src/api/resources.js';
import { defaultStorageClasses } from '../../../src/apiserver/storage-bootstrap.js';
import { provisionedVolume } from '../../../src/controllers/volume/index.js';
import { accepted, assertCause, rejected } from './support.js';

const claim = (over: Record<string, unknown> = {}) => ({
  apiVersion: 'v1', kind: 'PersistentVolumeClaim',
  metadata: { name: 'data', namespace: 'default', uid: 'u1', resourceVersion: '3' },
  spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, ...over },
});

describe('storage kinds: registration', () => {
  it('serves pv, pvc and sc with their short names and scopes', () => {
    const pv = resourceByKind('v1', 'PersistentVolume')!;
    const pvc = resourceByKind('v1', 'PersistentVolumeClaim')!;
    const sc = resourceByKind('storage.k8s.io/v1', 'StorageClass')!;
    assert.deepEqual([pv.namespaced, pv.shortNames], [false, ['pv']]);
    assert.deepEqual([pvc.namespaced, pvc.shortNames], [true, ['pvc']]);
    assert.deepEqual([sc.namespaced, sc.shortNames], [false, ['sc']]);
    assert.ok(pvc.subresources.some((s) => s.name === 'status'));
  });
});

describe('PersistentVolumeClaim admission', () => {
  it('defaults volumeMode to Filesystem and requires modes and a size', () => {
    assert.equal(accepted('PersistentVolumeClaim', claim()).spec.volumeMode, 'Filesystem');
    assertCause(rejected('PersistentVolumeClaim', claim({ accessModes: [] })), 'spec.accessModes', 'FieldValueRequired');
    assertCause(rejected('PersistentVolumeClaim', claim({ accessModes: ['ReadWriteSometimes'] })), 'spec.accessModes', 'FieldValueNotSupported');
    assertCause(rejected('PersistentVolumeClaim', claim({ resources: { requests: { storage: 'lots' } } })), 'spec.resources[storage]', 'FieldValueInvalid');
  });

  it('may grow but never shrink', () => {
    const old = accepted('PersistentVolumeClaim', claim({ resources: { requests: { storage: '2Gi' } } }));
    const grown = accepted('PersistentVolumeClaim', claim({ resources: { requests: { storage: '5Gi' } } }), { old });
    assert.equal(grown.spec.resources.requests.storage, '5Gi');
    assertCause(rejected('PersistentVolumeClaim', claim({ resources: { requests: { storage: '1Gi' } } }), { old }),
      'spec.resources.requests.storage', 'FieldValueForbidden', 'can not be less than previous value');
  });

  it('is otherwise immutable, except that a classless claim may receive the default class once', () => {
    const classless = accepted('PersistentVolumeClaim', claim());
    const assigned = accepted('PersistentVolumeClaim', claim({ storageClassName: 'local-path' }), { old: classless });
    assertCause(rejected('PersistentVolumeClaim', claim({ storageClassName: 'shared' }), { old: assigned }), 'spec', 'FieldValueForbidden', 'immutable');
    assertCause(rejected('PersistentVolumeClaim', claim({ storageClassName: 'local-path', accessModes: ['ReadWriteMany'] }), { old: assigned }), 'spec', 'FieldValueForbidden');
    // The binder writes volumeName once.
    const bound = accepted('PersistentVolumeClaim', claim({ storageClassName: 'local-path', volumeName: 'pv1' }), { old: assigned });
    assertCause(rejected('PersistentVolumeClaim', claim({ storageClassName: 'local-path', volumeName: 'pv2' }), { old: bound }), 'spec', 'FieldValueForbidden');
  });
});

describe('PersistentVolume and StorageClass admission', () => {
  it('a hand-made volume defaults to Retain and needs exactly one source', () => {
    const pv = { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pv1' }, spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/srv' } } };
    const stored = accepted('PersistentVolume', pv);
    assert.equal(stored.spec.persistentVolumeReclaimPolicy, 'Retain');
    assert.equal(stored.spec.volumeMode, 'Filesystem');
    assertCause(rejected('PersistentVolume', { ...pv, spec: { ...pv.spec, hostPath: undefined } }), 'spec', 'FieldValueRequired');
    assertCause(rejected('PersistentVolume', { ...pv, spec: { ...pv.spec, persistentVolumeReclaimPolicy: 'Shred' } }), 'spec.persistentVolumeReclaimPolicy', 'FieldValueNotSupported');
  });

  it('what the provisioner makes and the default classes are valid objects', () => {
    const [local, shared] = defaultStorageClasses({ localStorageDir: '/var/lib/tugboat/storage', sharedStorageDir: '/mnt/shared' });
    const sc = accepted('StorageClass', local);
    assert.equal(sc.metadata.annotations?.['storageclass.kubernetes.io/is-default-class'], 'true');
    accepted('StorageClass', shared);
    const made = provisionedVolume(accepted('PersistentVolumeClaim', claim()), sc, 'node-1');
    assert.ok(made.ok);
    const pv = accepted('PersistentVolume', made.volume);
    assert.equal(pv.spec.persistentVolumeReclaimPolicy, 'Delete');
  });

  it('a class keeps its provisioner, parameters and binding mode', () => {
    const [local] = defaultStorageClasses({ localStorageDir: '/a' });
    const old = accepted('StorageClass', local);
    assertCause(rejected('StorageClass', { ...local, parameters: { path: '/b' } }, { old }), 'parameters', 'FieldValueForbidden');
    assertCause(rejected('StorageClass', { ...local, volumeBindingMode: 'Immediate' }, { old }), 'volumeBindingMode', 'FieldValueForbidden');
    assertCause(rejected('StorageClass', { ...local, volumeBindingMode: 'Later' }), 'volumeBindingMode', 'FieldValueNotSupported');
  });
});
