import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../src/api/types.js';
import { resolveEnv, fieldRefValue } from '../../../src/agent/env.js';
import { toContainerSpec } from '../../../src/agent/container-spec.js';
import { cpuMillis, memoryBytes, parseQuantity } from '../../../src/agent/quantity.js';
import { classifyContainers } from '../../../src/agent/orphans.js';
import { tailBytes } from '../../../src/agent/log-tail.js';
import { sameJson } from '../../../src/agent/same-json.js';
import { jittered } from '../../../src/agent/heartbeat.js';
import { identityOf } from '../../../src/agent/container-labels.js';
import { qosClassOf } from '../../../src/agent/pod/qos.js';
import type { Pod } from '../../../src/agent/pod/pod-types.js';
import { aContainerSpec, aPod, aRuntimeContainer } from './builders.js';

const configMap: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'default' }, data: { MODE: 'fast', LEVEL: 'debug' } };
const secret: KubeObject = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'default' }, data: { password: Buffer.from('s3cret').toString('base64') } };
const lookup = async (kind: 'ConfigMap' | 'Secret', _ns: string, name: string) => (kind === 'ConfigMap' && name === 'cfg' ? configMap : kind === 'Secret' && name === 'db' ? secret : undefined);

void describe('env resolution', () => {
  void it('resolves literals, $(VAR) references, fieldRefs, ConfigMap and Secret keys and envFrom', async () => {
    const container = aContainerSpec('app', {
      envFrom: [{ configMapRef: { name: 'cfg' }, prefix: 'CFG_' }],
      env: [
        { name: 'A', value: 'one' },
        { name: 'B', value: '$(A)-two $$(A)' },
        { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
        { name: 'IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
        { name: 'MODE', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'MODE' } } },
        { name: 'PW', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } },
      ],
    });
    const result = await resolveEnv(aPod(), container, lookup, '10.0.0.5');
    assert.deepEqual(result, { ok: true, env: { CFG_MODE: 'fast', CFG_LEVEL: 'debug', A: 'one', B: 'one-two $(A)', POD: 'web', IP: '10.0.0.5', MODE: 'fast', PW: 's3cret' } });
  });

  void it('returns a config error for a missing ConfigMap or key, unless optional', async () => {
    const missing = aContainerSpec('app', { env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'nope', key: 'k' } } }] });
    assert.deepEqual(await resolveEnv(aPod(), missing, lookup, ''), { ok: false, message: 'configmap "nope" not found' });
    const missingKey = aContainerSpec('app', { env: [{ name: 'X', valueFrom: { secretKeyRef: { name: 'db', key: 'user' } } }] });
    assert.deepEqual(await resolveEnv(aPod(), missingKey, lookup, ''), { ok: false, message: "couldn't find key user in Secret default/db" });
    const optional = aContainerSpec('app', { env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'nope', key: 'k', optional: true } } }] });
    assert.deepEqual(await resolveEnv(aPod(), optional, lookup, ''), { ok: true, env: {} });
  });

  void it('reads labels through fieldRef', () => {
    const pod = aPod();
    pod.metadata.labels = { app: 'web' };
    assert.equal(fieldRefValue(pod, "metadata.labels['app']", ''), 'web');
  });
});

void describe('container spec', () => {
  void it('labels the attempt, publishes ports on the host address and converts limits', () => {
    const pod: Pod = aPod({
      containers: [aContainerSpec('app', {
        command: ['node'], args: ['server.js'], ports: [{ name: 'http', containerPort: 8080 }],
        resources: { limits: { cpu: '500m', memory: '128Mi' } }, volumeMounts: [{ name: 'scratch', mountPath: '/tmp/s' }, { name: 'host', mountPath: '/data', readOnly: true }],
      })],
    });
    pod.spec.volumes = [{ name: 'scratch', emptyDir: {} }, { name: 'host', hostPath: { path: '/srv/data' } }];
    const spec = toContainerSpec({ pod, container: pod.spec.containers[0], kind: 'regular', attempt: 2, restartBackoffMs: 20_000, env: { A: '1' }, nodeName: 'n1', hostIP: '10.0.0.5', dataDir: '/var/tug' });
    assert.equal(spec.name, 'tug_default_web_app_2');
    assert.deepEqual(spec.ports, [{ name: 'http', containerPort: 8080, protocol: 'TCP', hostIP: '10.0.0.5' }]);
    assert.deepEqual([spec.cpuMillis, spec.memoryBytes], [500, 128 * 1024 * 1024]);
    assert.deepEqual(spec.mounts, [{ hostPath: '/var/tug/pods/uid-1/volumes/empty-dir/scratch', containerPath: '/tmp/s' }, { hostPath: '/srv/data', containerPath: '/data', readOnly: true }]);
    assert.deepEqual(spec.env, { HOSTNAME: 'web', A: '1' });
    const id = identityOf({ labels: spec.labels })!;
    assert.deepEqual([id.podUid, id.containerName, id.kind, id.attempt, id.restartBackoffMs, id.nodeName], ['uid-1', 'app', 'regular', 2, 20_000, 'n1']);
  });

  void it('parses quantities', () => {
    assert.equal(parseQuantity('1.5Gi'), 1.5 * 2 ** 30);
    assert.equal(parseQuantity('2k'), 2000);
    assert.equal(parseQuantity('1e3'), 1000);
    assert.equal(parseQuantity('12 apples'), undefined);
    assert.equal(cpuMillis('2'), 2000);
    assert.equal(cpuMillis('250m'), 250);
    assert.equal(memoryBytes('64M'), 64_000_000);
  });

  void it('computes the QoS class', () => {
    assert.equal(qosClassOf(aPod().spec), 'BestEffort');
    assert.equal(qosClassOf(aPod({ containers: [aContainerSpec('a', { resources: { limits: { cpu: '1', memory: '1Gi' } } })] }).spec), 'Guaranteed');
    assert.equal(qosClassOf(aPod({ containers: [aContainerSpec('a', { resources: { requests: { cpu: '1' } } })] }).spec), 'Burstable');
  });
});

void describe('adoption and fencing', () => {
  const mine = aPod({ uid: 'mine' });
  const moved = aPod({ uid: 'moved', name: 'moved', node: 'n2' });
  const pods = new Map([['mine', mine], ['moved', moved]]);

  void it('adopts containers of pods bound here and marks the rest orphans', () => {
    const containers = [aRuntimeContainer({ id: 'a', podUid: 'mine' }), aRuntimeContainer({ id: 'b', podUid: 'moved' }), aRuntimeContainer({ id: 'c', podUid: 'gone' })];
    const { adopt, orphans } = classifyContainers(containers, pods, 'n1');
    assert.deepEqual(adopt, ['default/web']);
    assert.deepEqual(orphans.map((c) => c.id), ['b', 'c']);
  });

  void it('leaves alone containers created by another node and unlabelled ones', () => {
    const foreign = aRuntimeContainer({ id: 'f', podUid: 'gone' });
    foreign.labels['io.tugboat.node.name'] = 'n7';
    const unmanaged = { ...aRuntimeContainer({ id: 'u' }), labels: {} };
    assert.deepEqual(classifyContainers([foreign, unmanaged], pods, 'n1'), { adopt: [], orphans: [] });
  });
});

void describe('small helpers', () => {
  void it('keeps the last bytes of a log at a line boundary', () => {
    assert.equal(tailBytes('short\n', 100), 'short\n');
    assert.equal(tailBytes('line one\nline two\nline three\n', 15), 'line three\n');
  });

  void it('compares JSON ignoring key order', () => {
    assert.equal(sameJson({ a: 1, b: [{ x: 1, y: 2 }] }, { b: [{ y: 2, x: 1 }], a: 1 }), true);
    assert.equal(sameJson({ a: 1 }, { a: 2 }), false);
    assert.equal(sameJson({ a: undefined }, {}), true);
    assert.equal(sameJson([1, 2], [2, 1]), false);
  });

  void it('jitters the heartbeat within ±10 %', () => {
    assert.equal(jittered(10_000, 0.1, () => 0), 9_000);
    assert.equal(jittered(10_000, 0.1, () => 0.5), 10_000);
    assert.equal(jittered(10_000, 0.1, () => 0.999999), 11_000);
  });
});
