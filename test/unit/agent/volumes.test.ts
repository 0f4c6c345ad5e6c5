/** Pure volume planning: payload files, downward API values, mounts, claims, sizeLimit and the decision adjustments. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../src/api/types.js';
import { planPayload, type PayloadResult } from '../../../src/agent/volumes/payload.js';
import { formatMap } from '../../../src/agent/volumes/downward.js';
import { planMounts } from '../../../src/agent/volumes/mounts.js';
import { resolveClaimPath } from '../../../src/agent/volumes/pvc.js';
import { decideEvictions } from '../../../src/agent/volumes/size-limit.js';
import { applyVolumeState } from '../../../src/agent/volumes/decisions.js';
import { referencedSources, sourceKey, type SourceObjects } from '../../../src/agent/volumes/sources.js';
import { shmMemoryBase, volumePath } from '../../../src/agent/volumes/layout.js';
import { decidePodActions } from '../../../src/agent/pod/decide.js';
import type { Pod } from '../../../src/agent/pod/pod-types.js';
import { aContainerSpec, aPod, aRuntimeContainer, aSnapshot } from './builders.js';

const NODE = { cpuCores: 4, memoryBytes: 8 * 1024 ** 3 };

function aConfigMap(name: string, data: Record<string, string>): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data } as KubeObject;
}
function aSecret(name: string, data: Record<string, string>): KubeObject {
  const encoded = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v).toString('base64')]));
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: 'default' }, data: encoded } as KubeObject;
}
function objects(...list: KubeObject[]): SourceObjects {
  return new Map(list.map((o) => [sourceKey({ kind: o.kind as 'ConfigMap' | 'Secret', name: o.metadata.name! }), o]));
}
function podWith(volumes: Array<{ name: string; [k: string]: unknown }>, extra: Partial<Pod['spec']> = {}, meta: Partial<Pod['metadata']> = {}): Pod {
  const pod = aPod({ containers: [aContainerSpec('app', { volumeMounts: volumes.map((v) => ({ name: v.name, mountPath: `/mnt/${v.name}` })) })] });
  return { ...pod, metadata: { ...pod.metadata, ...meta }, spec: { ...pod.spec, volumes, ...extra } };
}
function files(result: PayloadResult): Record<string, { text: string; mode: string }> {
  assert.ok(result.ok, `expected ok, got ${JSON.stringify(result)}`);
  return Object.fromEntries(result.files.map((f) => [f.path, { text: f.content.toString('utf8'), mode: f.mode.toString(8) }]));
}
function plan(volume: { name: string; [k: string]: unknown }, objs: SourceObjects = new Map(), pod = podWith([volume])): PayloadResult {
  return planPayload({ pod, volume, objects: objs, hostIP: '10.0.0.5', node: NODE });
}

void describe('configMap and secret volume payloads', () => {
  void it('projects every key with the default mode 0644 when no items are given', () => {
    const result = plan({ name: 'cfg', configMap: { name: 'app' } }, objects(aConfigMap('app', { 'a.txt': 'A', b: 'B' })));
    assert.deepEqual(files(result), { 'a.txt': { text: 'A', mode: '644' }, b: { text: 'B', mode: '644' } });
  });

  void it('projects only the listed items at their paths, with per-item modes over defaultMode', () => {
    const volume = { name: 'cfg', configMap: { name: 'app', defaultMode: 0o600, items: [{ key: 'a', path: 'conf/a.ini' }, { key: 'b', path: 'b.sh', mode: 0o755 }] } };
    assert.deepEqual(files(plan(volume, objects(aConfigMap('app', { a: 'A', b: 'B', c: 'C' })))), {
      'b.sh': { text: 'B', mode: '755' }, 'conf/a.ini': { text: 'A', mode: '600' },
    });
  });

  void it('decodes secret data from base64 and keeps binary bytes intact', () => {
    const secret = aSecret('db', { password: 's3cr3t' });
    (secret as Record<string, any>).data.blob = Buffer.from([0, 255, 1]).toString('base64');
    const result = plan({ name: 'creds', secret: { secretName: 'db' } }, objects(secret));
    assert.ok(result.ok);
    assert.equal(result.files.find((f) => f.path === 'password')?.content.toString(), 's3cr3t');
    assert.deepEqual([...result.files.find((f) => f.path === 'blob')!.content], [0, 255, 1]);
  });

  void it('fails with the kubelet message when a non-optional source is missing', () => {
    assert.deepEqual(plan({ name: 'cfg', configMap: { name: 'nope' } }, objects()), { ok: false, message: 'configmap "nope" not found' });
    assert.deepEqual(plan({ name: 's', secret: { secretName: 'gone' } }, objects()), { ok: false, message: 'secret "gone" not found' });
  });

  void it('fails when an item names a key the source does not have', () => {
    const result = plan({ name: 'cfg', configMap: { name: 'app', items: [{ key: 'missing', path: 'm' }] } }, objects(aConfigMap('app', { a: 'A' })));
    assert.deepEqual(result, { ok: false, message: 'configmap references non-existent config key: missing' });
  });

  void it('mounts an empty volume for a missing optional source and skips missing optional keys', () => {
    assert.deepEqual(files(plan({ name: 'cfg', configMap: { name: 'nope', optional: true } }, objects())), {});
    const volume = { name: 'cfg', configMap: { name: 'app', optional: true, items: [{ key: 'missing', path: 'm' }, { key: 'a', path: 'a' }] } };
    assert.deepEqual(Object.keys(files(plan(volume, objects(aConfigMap('app', { a: 'A' }))))), ['a']);
  });

  void it('refuses item paths that escape the volume', () => {
    const result = plan({ name: 'cfg', configMap: { name: 'app', items: [{ key: 'a', path: '../etc/passwd' }] } }, objects(aConfigMap('app', { a: 'A' })));
    assert.equal(result.ok, false);
  });
});

void describe('downwardAPI volumes', () => {
  void it('writes pod metadata fields, labels and annotations in the kubelet format', () => {
    const volume = { name: 'info', downwardAPI: { items: [
      { path: 'name', fieldRef: { fieldPath: 'metadata.name' } },
      { path: 'namespace', fieldRef: { fieldPath: 'metadata.namespace' } },
      { path: 'uid', fieldRef: { fieldPath: 'metadata.uid' } },
      { path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } },
      { path: 'annotations', fieldRef: { fieldPath: 'metadata.annotations' }, mode: 0o400 },
      { path: 'tier', fieldRef: { fieldPath: "metadata.labels['tier']" } },
    ] } };
    const pod = podWith([volume], {}, { labels: { tier: 'web', app: 'shop' }, annotations: { note: 'a "quoted" value' } });
    assert.deepEqual(files(plan(volume, new Map(), pod)), {
      name: { text: 'web', mode: '644' }, namespace: { text: 'default', mode: '644' }, uid: { text: 'uid-1', mode: '644' },
      labels: { text: 'app="shop"\ntier="web"', mode: '644' }, annotations: { text: 'note="a \\"quoted\\" value"', mode: '400' },
      tier: { text: 'web', mode: '644' },
    });
  });

  void it('writes resource fields with divisors, falling back to node allocatable for unset limits', () => {
    const volume = { name: 'res', downwardAPI: { items: [
      { path: 'cpu_limit', resourceFieldRef: { containerName: 'app', resource: 'limits.cpu', divisor: '1m' } },
      { path: 'mem_limit', resourceFieldRef: { containerName: 'app', resource: 'limits.memory', divisor: '1Mi' } },
      { path: 'mem_request', resourceFieldRef: { containerName: 'app', resource: 'requests.memory' } },
    ] } };
    const pod = podWith([volume]);
    pod.spec.containers[0].resources = { limits: { cpu: '250m' }, requests: { memory: '64Mi' } };
    assert.deepEqual(files(plan(volume, new Map(), pod)), {
      cpu_limit: { text: '250', mode: '644' }, mem_limit: { text: String(8 * 1024), mode: '644' }, mem_request: { text: String(64 * 1024 * 1024), mode: '644' },
    });
  });

  void it('formats an empty map as an empty file', () => {
    assert.equal(formatMap(undefined), '');
  });
});

void describe('projected volumes', () => {
  const kubeApiAccess = { name: 'kube-api-access', projected: { defaultMode: 0o644, sources: [
    { serviceAccountToken: { path: 'token', expirationSeconds: 3607 } },
    { configMap: { name: 'app', items: [{ key: 'a', path: 'a.txt' }] } },
    { downwardAPI: { items: [{ path: 'podname', fieldRef: { fieldPath: 'metadata.name' } }] } },
  ] } };

  void it('combines configMap, secret, downwardAPI and the ServiceAccount token with its ca.crt and namespace', () => {
    const pod = podWith([kubeApiAccess], { serviceAccountName: 'builder' } as Partial<Pod['spec']>);
    assert.deepEqual(referencedSources(pod, kubeApiAccess), [{ kind: 'Secret', name: 'builder-token' }, { kind: 'ConfigMap', name: 'app' }]);
    const result = plan(kubeApiAccess, objects(aConfigMap('app', { a: 'A' }), aSecret('builder-token', { token: 'tok', 'ca.crt': 'CA' })), pod);
    assert.deepEqual(Object.fromEntries(Object.entries(files(result)).map(([k, v]) => [k, v.text])), {
      'a.txt': 'A', 'ca.crt': 'CA', namespace: 'default', podname: 'web', token: 'tok',
    });
  });

  void it('waits for the token Secret of the default ServiceAccount', () => {
    const result = plan(kubeApiAccess, objects(aConfigMap('app', { a: 'A' })));
    assert.equal(result.ok, false);
    assert.match((result as { message: string }).message, /secret "default-token" not found/);
  });
});

void describe('container mounts', () => {
  const dataDir = '/var/tug';
  void it('mounts every managed volume from its layout path, content volumes read-only', () => {
    const pod = podWith([
      { name: 'cfg', configMap: { name: 'app' } }, { name: 'creds', secret: { secretName: 'db' } },
      { name: 'scratch', emptyDir: {} }, { name: 'host', hostPath: { path: '/srv/data' } },
      { name: 'data', persistentVolumeClaim: { claimName: 'data' } }, { name: 'weird', gitRepo: {} },
    ]);
    assert.deepEqual(planMounts({ pod, container: pod.spec.containers[0], dataDir }), [
      { hostPath: '/var/tug/pods/uid-1/volumes/configmap/cfg', containerPath: '/mnt/cfg', readOnly: true },
      { hostPath: '/var/tug/pods/uid-1/volumes/secret/creds', containerPath: '/mnt/creds', readOnly: true },
      { hostPath: '/var/tug/pods/uid-1/volumes/empty-dir/scratch', containerPath: '/mnt/scratch' },
      { hostPath: '/srv/data', containerPath: '/mnt/host' },
      { hostPath: '/var/tug/pods/uid-1/volumes/pvc/data', containerPath: '/mnt/data' },
    ]);
  });

  void it('binds a Memory emptyDir from the pod\'s host directory, for one container or several, so it outlives a container restart', () => {
    const single = podWith([{ name: 'cache', emptyDir: { medium: 'Memory', sizeLimit: '16Mi' } }]);
    const bind = { hostPath: volumePath(dataDir, 'uid-1', 'emptyDir', 'cache'), containerPath: '/mnt/cache' };
    assert.deepEqual(planMounts({ pod: single, container: single.spec.containers[0], dataDir }), [bind]);
    const shared: Pod = { ...single, spec: { ...single.spec, containers: [single.spec.containers[0], { ...single.spec.containers[0], name: 'side' }] } };
    assert.deepEqual(planMounts({ pod: shared, container: shared.spec.containers[1], dataDir }), [bind]);
  });

  void it('mounts a subPath as a path inside the volume', () => {
    const pod = podWith([{ name: 'cfg', configMap: { name: 'app' } }]);
    pod.spec.containers[0].volumeMounts = [{ name: 'cfg', mountPath: '/etc/app.conf', subPath: 'app.conf' }];
    assert.equal(planMounts({ pod, container: pod.spec.containers[0], dataDir })[0].hostPath, '/var/tug/pods/uid-1/volumes/configmap/cfg/app.conf');
  });

  void it('names the shared-memory base after the data dir', () => {
    assert.equal(shmMemoryBase('/var/a'), shmMemoryBase('/var/a'));
    assert.notEqual(shmMemoryBase('/var/a'), shmMemoryBase('/var/b'));
    assert.match(shmMemoryBase('/var/a'), /^\/dev\/shm\/tug-[0-9a-f]{12}$/);
  });
});

void describe('persistentVolumeClaim resolution', () => {
  const claim = (phase: string, volumeName?: string) => ({ metadata: { name: 'data', namespace: 'default', uid: 'c1' }, spec: { ...(volumeName ? { volumeName } : {}) }, status: { phase } });
  const pv = (spec: Record<string, unknown>) => ({ metadata: { name: 'pv-1' }, spec });

  void it('resolves a bound claim to the PV hostPath or local path', () => {
    assert.deepEqual(resolveClaimPath('data', claim('Bound', 'pv-1'), pv({ hostPath: { path: '/srv/pv1' }, claimRef: { name: 'data', namespace: 'default' } })), { ok: true, path: '/srv/pv1', volumeName: 'pv-1' });
    assert.deepEqual(resolveClaimPath('data', claim('Bound', 'pv-1'), pv({ local: { path: '/mnt/disk' } })), { ok: true, path: '/mnt/disk', volumeName: 'pv-1' });
  });

  void it('waits for a missing or unbound claim and refuses a PV bound to another claim', () => {
    assert.deepEqual(resolveClaimPath('data', undefined, undefined), { ok: false, message: 'persistentvolumeclaim "data" not found' });
    assert.deepEqual(resolveClaimPath('data', claim('Pending'), undefined), { ok: false, message: 'persistentvolumeclaim "data" is not bound (phase Pending)' });
    assert.equal(resolveClaimPath('data', claim('Bound', 'pv-1'), pv({ hostPath: { path: '/x' }, claimRef: { name: 'other' } })).ok, false);
    assert.equal(resolveClaimPath('data', claim('Bound', 'pv-1'), pv({ nfs: { server: 's', path: '/p' } })).ok, false);
  });
});

void describe('emptyDir sizeLimit eviction decision', () => {
  const usage = (podUid: string, usedBytes: number) => ({ podKey: `default/${podUid}`, podUid, volume: 'cache', usedBytes, limitBytes: 1024, limit: '1Ki' });

  void it('evicts only pods over the limit, once per pod, naming the volume and the limit', () => {
    const evictions = decideEvictions([usage('a', 1024), usage('b', 1025), { ...usage('b', 5000), volume: 'other' }]);
    assert.deepEqual(evictions, [{ podKey: 'default/b', podUid: 'b', message: 'Usage of EmptyDir volume "cache" exceeds the limit "1Ki". ' }]);
  });
});

void describe('volume state in the pod decision', () => {
  void it('holds every start back while a volume cannot be set up, with a FailedMount event', () => {
    const pod = aPod();
    const decision = decidePodActions(aSnapshot(pod));
    assert.ok(decision.actions.some((a) => a.type === 'start'));
    const held = applyVolumeState(decision, { pod, containers: [], mount: { ok: false, volume: 'cfg', message: 'configmap "app" not found' } });
    assert.deepEqual(held.actions, []);
    assert.deepEqual(held.events.map((e) => e.reason), ['FailedMount']);
    assert.equal(held.events[0].message, 'MountVolume.SetUp failed for volume "cfg" : configmap "app" not found');
    assert.deepEqual(held.status.containerStatuses[0].state, { waiting: { reason: 'ContainerCreating', message: held.events[0].message } });
    assert.ok((held.requeueAfterMs ?? Infinity) <= 2_000);
  });

  void it('leaves the decision alone once volumes are ready', () => {
    const pod = aPod();
    const decision = decidePodActions(aSnapshot(pod));
    assert.equal(applyVolumeState(decision, { pod, containers: [], mount: { ok: true } }), decision);
  });

  void it('evicts: kills running containers and fails the pod with reason Evicted', () => {
    const pod = aPod();
    const running = aRuntimeContainer();
    const decision = decidePodActions(aSnapshot(pod, [running]));
    const evicted = applyVolumeState(decision, { pod, containers: [running], eviction: 'Usage of EmptyDir volume "cache" exceeds the limit "1Ki". ' });
    assert.deepEqual(evicted.actions.map((a) => a.type), ['kill']);
    assert.equal(evicted.status.phase, 'Failed');
    assert.equal(evicted.status.reason, 'Evicted');
    assert.match(evicted.status.message ?? '', /EmptyDir volume "cache"/);
    assert.deepEqual(evicted.events.map((e) => e.reason), ['Evicted']);
  });
});
