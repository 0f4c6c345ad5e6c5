import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeProtobufObject } from '../../../src/api/protobuf/index.js';
import { envelope, mapEntries, message } from './encoder.js';

function decodeOk(body: Buffer): any {
  const r = decodeProtobufObject(body);
  if (!r.ok) assert.fail(r.error.message);
  return r.object;
}

const quantity = (q: string): Buffer => message([[1, q]]);
const intOrStringInt = (n: number): Buffer => message([[1, 0], [2, n]]);
const intOrStringStr = (s: string): Buffer => message([[1, 1], [3, s]]);

void test('object metadata: timestamps, labels, annotations, owner references, finalizers, generation', () => {
  const meta = message([
    [1, 'web'], [3, 'prod'], [5, 'uid-1'], [6, '42'], [7, 3],
    [8, message([[1, 1735689600]])],
    [11, mapEntries({ app: 'web', tier: 'front' })], [12, mapEntries({ note: '' })],
    [13, message([[1, 'ReplicaSet'], [3, 'web-1'], [4, 'uid-rs'], [5, 'apps/v1'], [6, true], [7, false]])],
    [14, ['example.com/f']],
  ]);
  const obj = decodeOk(envelope('v1', 'ConfigMap', message([[1, meta]])));
  assert.deepEqual(obj.metadata, {
    name: 'web', namespace: 'prod', uid: 'uid-1', resourceVersion: '42', generation: 3,
    creationTimestamp: '2025-01-01T00:00:00Z', labels: { app: 'web', tier: 'front' }, annotations: { note: '' },
    ownerReferences: [{ kind: 'ReplicaSet', name: 'web-1', uid: 'uid-rs', apiVersion: 'apps/v1', controller: true, blockOwnerDeletion: false }],
    finalizers: ['example.com/f'],
  });
});

void test('a deployment with env, resources, ports, args, probes, volumes and a rolling update strategy', () => {
  const container = message([
    [1, 'app'], [2, 'registry.local/app:2'], [3, ['/bin/app']], [4, ['--port', '8080']], [5, '/srv'],
    [6, message([[1, 'http'], [3, 8080], [4, 'TCP']])],
    [7, [
      message([[1, 'MODE'], [2, 'prod']]),
      message([[1, 'EMPTY']]),
      message([[1, 'PASSWORD'], [3, message([[4, message([[1, message([[1, 'db']])], [2, 'password']])]])]]),
      message([[1, 'POD_IP'], [3, message([[1, message([[2, 'status.podIP']])]])]]),
    ]],
    [8, message([[1, mapEntries({ cpu: quantity('500m'), memory: quantity('128Mi') })], [2, mapEntries({ cpu: quantity('100m') })]])],
    [9, message([[1, 'data'], [3, '/data'], [2, true]])],
    [11, message([[1, message([[2, message([[1, '/healthz'], [2, intOrStringStr('http')]])]])], [4, 5]])],
    [10, message([[1, message([[3, message([[1, intOrStringInt(8080)]])]])], [2, 3]])],
    [14, 'IfNotPresent'],
  ]);
  const podSpec = message([
    [1, [message([[1, 'data'], [2, message([[2, message([])]])]]), message([[1, 'cfg'], [2, message([[19, message([[1, message([[1, 'app-config']])]])]])]])]],
    [2, container], [3, 'Always'], [4, 30], [7, mapEntries({ disk: 'ssd' })], [8, 'app-sa'],
    [22, message([[1, 'node-role.kubernetes.io/control-plane'], [2, 'Exists'], [4, 'NoSchedule']])],
  ]);
  const spec = message([
    [1, 3],
    [2, message([[1, mapEntries({ app: 'web' })], [2, message([[1, 'tier'], [2, 'In'], [3, ['a', 'b']]])]])],
    [3, message([[1, message([[11, mapEntries({ app: 'web' })]])], [2, podSpec]])],
    [4, message([[1, 'RollingUpdate'], [2, message([[1, intOrStringStr('25%')], [2, intOrStringInt(1)]])]])],
    [6, 10],
  ]);
  const d = decodeOk(envelope('apps/v1', 'Deployment', message([[1, message([[1, 'web']])], [2, spec]])));
  assert.equal(d.spec.replicas, 3);
  assert.equal(d.spec.revisionHistoryLimit, 10);
  assert.deepEqual(d.spec.selector, { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['a', 'b'] }] });
  assert.deepEqual(d.spec.strategy, { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: 1 } });
  const ps = d.spec.template.spec;
  assert.deepEqual(ps.volumes, [{ name: 'data', emptyDir: {} }, { name: 'cfg', configMap: { name: 'app-config' } }]);
  assert.equal(ps.restartPolicy, 'Always');
  assert.equal(ps.terminationGracePeriodSeconds, 30);
  assert.deepEqual(ps.nodeSelector, { disk: 'ssd' });
  assert.equal(ps.serviceAccountName, 'app-sa');
  assert.deepEqual(ps.tolerations, [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }]);
  assert.deepEqual(ps.containers[0], {
    name: 'app', image: 'registry.local/app:2', command: ['/bin/app'], args: ['--port', '8080'], workingDir: '/srv',
    ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
    env: [
      { name: 'MODE', value: 'prod' },
      { name: 'EMPTY' },
      { name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } },
      { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
    ],
    resources: { limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '100m' } },
    volumeMounts: [{ name: 'data', mountPath: '/data', readOnly: true }],
    readinessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 5 },
    livenessProbe: { tcpSocket: { port: 8080 }, initialDelaySeconds: 3 },
    imagePullPolicy: 'IfNotPresent',
  });
});

void test('pointer fields keep explicit zeros: Job completions 0, suspend false; plain zeros are omitted', () => {
  const spec = message([[1, 0], [2, 0], [7, 0], [10, false], [6, message([[2, message([[3, 'Never']])]])]]);
  const job = decodeOk(envelope('batch/v1', 'Job', message([[1, message([[1, 'j'], [7, 0]])], [2, spec]])));
  assert.deepEqual(job.spec, { parallelism: 0, completions: 0, backoffLimit: 0, suspend: false, template: { spec: { restartPolicy: 'Never' } } });
  assert.deepEqual(job.metadata, { name: 'j' });
});

void test('secrets: bytes data is base64, stringData is plain, immutable kept; configmap binaryData is base64', () => {
  const raw = message([[1, message([[1, 's']])], [2, mapEntries({ bin: Buffer.from([0, 1, 255]) })], [3, 'Opaque'], [4, mapEntries({ plain: 'text' })], [5, true]]);
  assert.deepEqual(decodeOk(envelope('v1', 'Secret', raw)), {
    apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { bin: 'AAH/' }, type: 'Opaque', stringData: { plain: 'text' }, immutable: true,
  });
  const cm = decodeOk(envelope('v1', 'ConfigMap', message([[1, message([[1, 'c']])], [3, mapEntries({ b: Buffer.from('hi') })]])));
  assert.deepEqual(cm.binaryData, { b: 'aGk=' });
});

void test('a load balancer service with cluster IPs and ip families', () => {
  const spec = message([
    [1, message([[2, 'UDP'], [3, 53], [4, intOrStringStr('dns')]])],
    [3, '10.96.0.10'], [4, 'LoadBalancer'], [18, ['10.96.0.10']], [19, ['IPv4']], [17, 'SingleStack'], [20, true],
  ]);
  const svc = decodeOk(envelope('v1', 'Service', message([[1, message([[1, 'dns']])], [2, spec]])));
  assert.deepEqual(svc.spec, {
    ports: [{ protocol: 'UDP', port: 53, targetPort: 'dns' }], clusterIP: '10.96.0.10', type: 'LoadBalancer',
    clusterIPs: ['10.96.0.10'], ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack', allocateLoadBalancerNodePorts: true,
  });
});

void test('negative int64 values (sign-extended varints) decode as negative numbers', () => {
  const meta = message([[1, 'p'], [8, message([[1, -86400]])]]);
  const pod = decodeOk(envelope('v1', 'Pod', message([[1, meta], [2, message([[25, -5]])]])));
  assert.equal(pod.metadata.creationTimestamp, '1969-12-31T00:00:00Z');
  assert.equal(pod.spec.priority, -5);
});

void test('unknown field numbers are skipped', () => {
  const ns = decodeOk(envelope('v1', 'Namespace', message([[1, message([[1, 'n'], [99, 'x']])], [77, 5]])));
  assert.deepEqual(ns, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n' } });
});

void test('a body without the k8s\\0 magic is a 400', () => {
  const r = decodeProtobufObject(Buffer.from('{"kind":"Namespace"}'));
  assert.equal(r.ok, false);
  if (!r.ok) assert.equal(r.error.code, 400);
});

void test('a truncated body is a 400, not an exception', () => {
  const body = envelope('v1', 'Namespace', message([[1, message([[1, 'name']])]]));
  const r = decodeProtobufObject(body.subarray(0, body.length - 3));
  assert.equal(r.ok, false);
  if (!r.ok) {
    assert.equal(r.error.code, 400);
    assert.equal(r.error.reason, 'BadRequest');
  }
});

void test('a wrong wire type for a known field is a 400', () => {
  const r = decodeProtobufObject(envelope('v1', 'Namespace', message([[1, 7]])));
  assert.equal(r.ok, false);
  if (!r.ok) assert.equal(r.error.code, 400);
});

void test('an envelope with a content encoding is refused with 415', () => {
  const r = decodeProtobufObject(envelope('v1', 'Namespace', Buffer.alloc(0), 'gzip'));
  assert.equal(r.ok, false);
  if (!r.ok) assert.equal(r.error.code, 415);
});

void test('an unknown kind names itself in the 415 message', () => {
  const r = decodeProtobufObject(envelope('networking.k8s.io/v1', 'Ingress', message([])));
  assert.equal(r.ok, false);
  if (!r.ok) {
    assert.equal(r.error.code, 415);
    assert.match(r.error.message, /Ingress \(networking\.k8s\.io\/v1\)/);
  }
});

void test('DeleteOptions from any group version: preconditions, propagation policy, dry run, zero grace period kept', () => {
  const raw = message([[1, 0], [2, message([[1, 'uid-1'], [2, '9']])], [4, 'Foreground'], [5, ['All']]]);
  assert.deepEqual(decodeOk(envelope('apps/v1', 'DeleteOptions', raw)), {
    apiVersion: 'apps/v1', kind: 'DeleteOptions', gracePeriodSeconds: 0,
    preconditions: { uid: 'uid-1', resourceVersion: '9' }, propagationPolicy: 'Foreground', dryRun: ['All'],
  });
});
