import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeProtobufObject } from '../../../src/api/protobuf/index.js';
import { KUBECTL_132_BODIES } from './fixtures/kubectl-1.32-bodies.js';

function decode(name: string): unknown {
  const r = decodeProtobufObject(Buffer.from(KUBECTL_132_BODIES[name].base64, 'base64'));
  if (!r.ok) assert.fail(`${name}: ${r.error.message}`);
  return r.object;
}

// Expected objects are what `kubectl create … --dry-run=client -o json` prints for the same
// command (minus creationTimestamp: null), i.e. what the JSON body would have been.

void test('kubectl create namespace', () => {
  assert.deepEqual(decode('createNamespace'), { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'other' }, spec: {}, status: {} });
});

void test('kubectl create configmap, including an empty value', () => {
  assert.deepEqual(decode('createConfigMap'), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm2' }, data: { a: 'b', c: 'd' } });
  assert.deepEqual(decode('createConfigMapEmptyValue'), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'empty-val' }, data: { e: '' } });
});

void test('kubectl create secret generic and docker-registry: data is base64, type kept', () => {
  assert.deepEqual(decode('createSecretGeneric'), { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's2' }, data: { a: Buffer.from('b').toString('base64') } });
  const reg = decode('createSecretDockerRegistry') as any;
  assert.equal(reg.type, 'kubernetes.io/dockerconfigjson');
  const config = JSON.parse(Buffer.from(reg.data['.dockerconfigjson'], 'base64').toString('utf8'));
  assert.deepEqual(config.auths['r.io'], { username: 'u', password: 'p', auth: Buffer.from('u:p').toString('base64') });
});

void test('kubectl create deployment --replicas=2 --port=80', () => {
  assert.deepEqual(decode('createDeployment'), {
    apiVersion: 'apps/v1', kind: 'Deployment',
    metadata: { name: 'd2', labels: { app: 'd2' } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'd2' } },
      template: {
        metadata: { labels: { app: 'd2' } },
        spec: { containers: [{ name: 'nginx', image: 'nginx:1.25', ports: [{ containerPort: 80 }], resources: {} }] },
      },
      strategy: {},
    },
    status: {},
  });
});

void test('kubectl create deployment with a command', () => {
  const d = decode('createDeploymentWithCommand') as any;
  assert.deepEqual(d.spec.template.spec.containers, [{ name: 'busybox', image: 'busybox', command: ['sleep', '3600'], resources: {} }]);
  assert.equal(d.spec.replicas, 1);
});

void test('kubectl create service clusterip and nodeport: targetPort as a number, nodePort kept', () => {
  assert.deepEqual(decode('createServiceClusterIP'), {
    apiVersion: 'v1', kind: 'Service', metadata: { name: 'svc2', labels: { app: 'svc2' } },
    spec: { ports: [{ name: '80-8080', protocol: 'TCP', port: 80, targetPort: 8080 }], selector: { app: 'svc2' }, type: 'ClusterIP' },
    status: { loadBalancer: {} },
  });
  const np = decode('createServiceNodePort') as any;
  assert.equal(np.spec.type, 'NodePort');
  assert.equal(np.spec.ports[0].nodePort, 30080);
});

void test('kubectl create job', () => {
  assert.deepEqual(decode('createJob'), {
    apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j1' },
    spec: { template: { metadata: {}, spec: { containers: [{ name: 'j1', image: 'busybox', command: ['echo', 'hi'], resources: {} }], restartPolicy: 'Never' } } },
    status: {},
  });
});

void test('kubectl create serviceaccount', () => {
  assert.deepEqual(decode('createServiceAccount'), { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'sa1' } });
});

void test('kinds Tugboat does not decode (ResourceQuota, CronJob) get 415 with the documented workaround', () => {
  for (const name of ['createQuota', 'createCronJob']) {
    const r = decodeProtobufObject(Buffer.from(KUBECTL_132_BODIES[name].base64, 'base64'));
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.equal(r.error.code, 415);
    assert.equal(r.error.reason, 'UnsupportedMediaType');
    assert.match(r.error.message, /--dry-run=client -o yaml \| kubectl apply -f -/);
  }
});

void test('kubectl drain --disable-eviction sends DeleteOptions as a protobuf DELETE body', () => {
  assert.deepEqual(decode('drainDisableEviction'), { apiVersion: 'v1', kind: 'DeleteOptions' });
  assert.deepEqual(decode('drainDisableEvictionGracePeriod'), { apiVersion: 'v1', kind: 'DeleteOptions', gracePeriodSeconds: 5 });
});
