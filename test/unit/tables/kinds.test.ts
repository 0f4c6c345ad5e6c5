import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toTable } from '../../../src/api/tables/index.js';
import type { ResourceInfo } from '../../../src/api/resources.js';
import type { KubeObject } from '../../../src/api/types.js';
import { NOW, ago, anObject, resource } from './builders.js';

function row(obj: KubeObject, r: ResourceInfo = resource(obj.apiVersion, obj.kind)): unknown[] {
  const t = toTable(r, [obj], { includeObject: 'None', now: NOW });
  assert.equal(t.columnDefinitions.length, t.rows[0].cells.length, 'one cell per column');
  return t.rows[0].cells;
}

const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.25' }, { name: 'side', image: 'busybox' }] } };

void test('deployment: READY ready/desired, UP-TO-DATE, AVAILABLE, then containers, images, selector', () => {
  const d = anObject('apps/v1', 'Deployment', 'web', {
    spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template },
    status: { readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 },
  });
  assert.deepEqual(row(d), ['web', '2/3', 3, 2, '5m', 'nginx,side', 'nginx:1.25,busybox', 'app=web']);
});

void test('deployment without status prints zeros', () => {
  const d = anObject('apps/v1', 'Deployment', 'web', { spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template } });
  assert.deepEqual(row(d).slice(1, 4), ['0/2', 0, 0]);
});

void test('replicaset, daemonset and statefulset columns', () => {
  const selector = { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In' as const, values: ['b', 'a'] }] };
  const rs = anObject('apps/v1', 'ReplicaSet', 'web-1', { spec: { replicas: 2, selector, template }, status: { replicas: 2, readyReplicas: 1 } });
  assert.deepEqual(row(rs), ['web-1', 2, 2, 1, '5m', 'nginx,side', 'nginx:1.25,busybox', 'app=web,tier in (a,b)']);
  const ds = anObject('apps/v1', 'DaemonSet', 'agent', {
    spec: { selector: { matchLabels: { app: 'a' } }, template: { spec: { containers: [{ name: 'a', image: 'a:1' }] } } },
    status: { desiredNumberScheduled: 2, currentNumberScheduled: 2, numberReady: 1, updatedNumberScheduled: 2, numberAvailable: 1 },
  });
  assert.deepEqual(row(ds), ['agent', 2, 2, 1, 2, 1, '<none>', '5m', 'a', 'a:1', 'app=a']);
  const sts = anObject('apps/v1', 'StatefulSet', 'db', { spec: { replicas: 3, template }, status: { readyReplicas: 3 } });
  assert.deepEqual(row(sts), ['db', '3/3', '5m', 'nginx,side', 'nginx:1.25,busybox']);
});

void test('job: status, completions, duration', () => {
  const running = anObject('batch/v1', 'Job', 'j', { spec: { completions: 3, template }, status: { succeeded: 1, startTime: ago(150_000) } });
  assert.deepEqual(row(running).slice(0, 5), ['j', 'Running', '1/3', '2m30s', '5m']);
  const done = anObject('batch/v1', 'Job', 'j', {
    spec: { template }, status: { succeeded: 1, startTime: ago(60_000), completionTime: ago(53_000), conditions: [{ type: 'Complete', status: 'True' }] },
  });
  assert.deepEqual(row(done).slice(1, 4), ['Complete', '1/1', '7s']);
  const parallel = anObject('batch/v1', 'Job', 'j', { spec: { parallelism: 3, template }, status: { conditions: [{ type: 'Failed', status: 'True' }] } });
  assert.deepEqual(row(parallel).slice(1, 4), ['Failed', '0/1 of 3', '']);
});

void test('service: ports with node ports, <none> external IP, <pending> load balancer', () => {
  const np = anObject('v1', 'Service', 'web', {
    spec: { type: 'NodePort', clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'], selector: { app: 'web' }, ports: [{ port: 80, nodePort: 30080, protocol: 'TCP' }, { port: 53, protocol: 'UDP' }] },
  });
  assert.deepEqual(row(np), ['web', 'NodePort', '10.96.0.10', '<none>', '80:30080/TCP,53/UDP', '5m', 'app=web']);
  const lb = anObject('v1', 'Service', 'lb', { spec: { type: 'LoadBalancer', clusterIPs: ['10.96.0.11'], ports: [{ port: 443 }] } });
  assert.deepEqual(row(lb).slice(1, 5), ['LoadBalancer', '10.96.0.11', '<pending>', '443/TCP']);
  const lbDone = anObject('v1', 'Service', 'lb', { spec: { type: 'LoadBalancer', ports: [{ port: 443 }] }, status: { loadBalancer: { ingress: [{ ip: '1.2.3.4' }] } } });
  assert.equal(row(lbDone)[3], '1.2.3.4');
  const headless = anObject('v1', 'Service', 'h', { spec: { clusterIP: 'None', clusterIPs: ['None'] } });
  assert.deepEqual(row(headless).slice(1, 5), ['ClusterIP', 'None', '<none>', '<none>']);
});

void test('endpoints list up to three ip:port pairs then "+ N more..."', () => {
  const ep = anObject('v1', 'Endpoints', 'web', {
    subsets: [{ addresses: ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4'].map((ip) => ({ ip })), ports: [{ port: 80 }] }],
  });
  assert.deepEqual(row(ep), ['web', '10.0.0.1:80,10.0.0.2:80,10.0.0.3:80 + 1 more...', '5m']);
  assert.equal(row(anObject('v1', 'Endpoints', 'none'))[1], '<none>');
});

void test('endpointslice: address type, ports, endpoints', () => {
  const s = anObject('discovery.k8s.io/v1', 'EndpointSlice', 'web-abc', {
    addressType: 'IPv4', ports: [{ port: 80, name: 'http' }], endpoints: [{ addresses: ['10.0.0.1'] }, { addresses: ['10.0.0.2'] }],
  });
  assert.deepEqual(row(s), ['web-abc', 'IPv4', '80', '10.0.0.1,10.0.0.2', '5m']);
  assert.deepEqual(row(anObject('discovery.k8s.io/v1', 'EndpointSlice', 'e', { addressType: 'IPv4' })).slice(2, 4), ['<unset>', '<unset>']);
});

void test('node: Ready,SchedulingDisabled, roles from labels, <none> without roles', () => {
  const node = anObject('v1', 'Node', 'n1', {
    metadata: { name: 'n1', labels: { 'node-role.kubernetes.io/control-plane': '', 'kubernetes.io/role': 'master' } },
    spec: { unschedulable: true },
    status: {
      conditions: [{ type: 'MemoryPressure', status: 'False' }, { type: 'Ready', status: 'True' }],
      addresses: [{ type: 'InternalIP', address: '192.168.1.5' }],
      nodeInfo: { kubeletVersion: 'v1.32.0-tugboat', osImage: 'Debian', kernelVersion: '6.1', containerRuntimeVersion: 'docker://27.0' },
    },
  });
  assert.deepEqual(row(node), ['n1', 'Ready,SchedulingDisabled', 'control-plane,master', '5m', 'v1.32.0-tugboat', '192.168.1.5', '<none>', 'Debian', '6.1', 'docker://27.0']);
  const bare = anObject('v1', 'Node', 'n2', { status: { conditions: [{ type: 'Ready', status: 'Unknown' }] } });
  assert.deepEqual(row(bare).slice(1, 3), ['NotReady', '<none>']);
  assert.equal(row(anObject('v1', 'Node', 'n3'))[1], 'Unknown');
});

void test('namespace, configmap, secret, serviceaccount, lease', () => {
  assert.deepEqual(row(anObject('v1', 'Namespace', 'ns', { status: { phase: 'Terminating' } })), ['ns', 'Terminating', '5m']);
  assert.deepEqual(row(anObject('v1', 'ConfigMap', 'cm', { data: { a: '1', b: '2' }, binaryData: { c: 'AA==' } })), ['cm', 3, '5m']);
  assert.deepEqual(row(anObject('v1', 'Secret', 's', { type: 'kubernetes.io/tls', data: { 'tls.crt': 'x', 'tls.key': 'y' } })), ['s', 'kubernetes.io/tls', 2, '5m']);
  assert.deepEqual(row(anObject('v1', 'Secret', 's'))[1], 'Opaque');
  assert.deepEqual(row(anObject('v1', 'ServiceAccount', 'default')), ['default', 0, '5m']);
  assert.deepEqual(row(anObject('coordination.k8s.io/v1', 'Lease', 'n1', { spec: { holderIdentity: 'n1' } })), ['n1', 'n1', '5m']);
});

void test('event: last seen, type, reason, kind/name object and trimmed message', () => {
  const ev = anObject('v1', 'Event', 'p1.17a', {
    involvedObject: { kind: 'Pod', name: 'p1', fieldPath: 'spec.containers{main}' },
    reason: 'Pulled', type: 'Normal', message: 'Container image "busybox" already present\n',
    firstTimestamp: ago(3 * 3600_000), lastTimestamp: ago(7_000), count: 4, source: { component: 'kubelet', host: 'node-1' },
  });
  assert.deepEqual(row(ev), ['7s', 'Normal', 'Pulled', 'pod/p1', 'spec.containers{main}', 'kubelet, node-1', 'Container image "busybox" already present', '3h', 4, 'p1.17a']);
  const single = anObject('v1', 'Event', 'e', { involvedObject: { kind: 'Node' }, eventTime: ago(60_000), reportingComponent: 'tug' });
  assert.deepEqual(row(single).slice(0, 6), ['60s', '', '', 'node', '', 'tug']);
  assert.equal(row(single)[8], 1);
});

void test('persistent volumes, claims and storage classes', () => {
  const pv = anObject('v1', 'PersistentVolume', 'pv1', {
    spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteMany', 'ReadWriteOnce'], persistentVolumeReclaimPolicy: 'Retain', claimRef: { namespace: 'default', name: 'data' }, storageClassName: 'local' },
    status: { phase: 'Bound' },
  });
  assert.deepEqual(row(pv), ['pv1', '1Gi', 'RWO,RWX', 'Retain', 'Bound', 'default/data', 'local', '<unset>', '', '5m', '<unset>']);
  const pending = anObject('v1', 'PersistentVolumeClaim', 'data', { spec: { storageClassName: 'local' }, status: { phase: 'Pending' } });
  assert.deepEqual(row(pending), ['data', 'Pending', '', '', '', 'local', '<unset>', '5m', '<unset>']);
  const bound = anObject('v1', 'PersistentVolumeClaim', 'data', { spec: { volumeName: 'pv1', volumeMode: 'Filesystem' }, status: { phase: 'Bound', capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'] } });
  assert.deepEqual(row(bound).slice(1, 5), ['Bound', 'pv1', '1Gi', 'RWO']);
  const sc = anObject('storage.k8s.io/v1', 'StorageClass', 'local', {
    metadata: { name: 'local', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }, provisioner: 'tugboat.io/local',
  });
  assert.deepEqual(row(sc), ['local (default)', 'tugboat.io/local', 'Delete', 'Immediate', false, '5m']);
});

void test('kinds without a printer get Name and Age', () => {
  const r: ResourceInfo = { ...resource('v1', 'ConfigMap'), kind: 'Widget', group: 'example.com' };
  const t = toTable(r, [anObject('example.com/v1', 'Widget', 'w')], { includeObject: 'None', now: NOW });
  assert.deepEqual(t.columnDefinitions.map((c) => c.name), ['Name', 'Age']);
  assert.deepEqual(t.rows[0].cells, ['w', '5m']);
});
