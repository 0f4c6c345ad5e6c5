import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { toTable } from '../../../src/api/tables/index.js';
import type { KubeObject } from '../../../src/api/types.js';
import { defaultStorageClasses } from '../../../src/apiserver/storage-bootstrap.js';
import { provisionedVolume } from '../../../src/controllers/volume/index.js';
import { NOW, anObject, resource } from './builders.js';

function table(obj: KubeObject) {
  return toTable(resource(obj.apiVersion, obj.kind), [obj], { includeObject: 'None', now: NOW });
}
const headers = (obj: KubeObject) => table(obj).columnDefinitions.filter((c) => c.priority === 0).map((c) => c.name.toUpperCase());
const cells = (obj: KubeObject) => table(obj).rows[0].cells;

describe('kubectl get pv,pvc,sc', () => {
  const claim = anObject('v1', 'PersistentVolumeClaim', 'data-db-0', {
    metadata: { name: 'data-db-0', namespace: 'default', uid: 'u1' },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, storageClassName: 'local-path', volumeMode: 'Filesystem' },
    status: { phase: 'Pending' },
  });
  const [local, shared] = defaultStorageClasses({ localStorageDir: '/var/lib/tugboat/storage', sharedStorageDir: '/mnt/shared' })
    .map((sc) => anObject(sc.apiVersion, sc.kind, sc.metadata.name!, { ...sc, metadata: { ...sc.metadata, namespace: undefined } }));

  it('storage classes: the default one is marked, binding mode and policy shown', () => {
    assert.deepEqual(headers(local), ['NAME', 'PROVISIONER', 'RECLAIMPOLICY', 'VOLUMEBINDINGMODE', 'ALLOWVOLUMEEXPANSION', 'AGE']);
    assert.deepEqual(cells(local), ['local-path (default)', 'tugboat.io/local-path', 'Delete', 'WaitForFirstConsumer', true, '5m']);
    assert.deepEqual(cells(shared), ['shared', 'tugboat.io/shared', 'Delete', 'Immediate', true, '5m']);
  });

  it('a pending claim shows no volume, capacity or modes yet', () => {
    assert.deepEqual(headers(claim), ['NAME', 'STATUS', 'VOLUME', 'CAPACITY', 'ACCESS MODES', 'STORAGECLASS', 'VOLUMEATTRIBUTESCLASS', 'AGE']);
    assert.deepEqual(cells(claim).slice(0, 6), ['data-db-0', 'Pending', '', '', '', 'local-path']);
  });

  it('a provisioned, bound volume and its claim', () => {
    const made = provisionedVolume(claim, local, 'node-1');
    assert.ok(made.ok);
    const pv = anObject('v1', 'PersistentVolume', made.volume.metadata.name!, { ...made.volume, metadata: { ...made.volume.metadata, namespace: undefined }, status: { phase: 'Bound' } });
    assert.deepEqual(headers(pv), ['NAME', 'CAPACITY', 'ACCESS MODES', 'RECLAIM POLICY', 'STATUS', 'CLAIM', 'STORAGECLASS', 'VOLUMEATTRIBUTESCLASS', 'REASON', 'AGE']);
    assert.deepEqual(cells(pv).slice(0, 7), ['pvc-u1', '1Gi', 'RWO', 'Delete', 'Bound', 'default/data-db-0', 'local-path']);
    const bound = { ...claim, spec: { ...claim.spec, volumeName: 'pvc-u1' }, status: { phase: 'Bound', capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'] } };
    assert.deepEqual(cells(bound).slice(0, 6), ['data-db-0', 'Bound', 'pvc-u1', '1Gi', 'RWO', 'local-path']);
  });
});
