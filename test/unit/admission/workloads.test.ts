import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { accepted, aContainer, assertCause, rejected } from './support.js';

const template = (spec: Record<string, unknown> = {}): Record<string, unknown> => ({
  metadata: { labels: { app: 'db' } }, spec: { containers: [aContainer()], ...spec },
});
const workload = (kind: string, spec: Record<string, unknown>): Record<string, unknown> => ({
  apiVersion: kind === 'Job' ? 'batch/v1' : 'apps/v1', kind, metadata: { name: 'w', namespace: 'default' }, spec,
});
const selector = { matchLabels: { app: 'db' } };

void describe('ReplicaSet admission', () => {
  void it('defaults replicas to 1 and the pod template', () => {
    const rs = accepted('ReplicaSet', workload('ReplicaSet', { selector, template: template() }));
    assert.equal(rs.spec.replicas, 1);
    assert.equal(rs.spec.template.spec.restartPolicy, 'Always');
  });

  void it('requires the selector to match the template', () => {
    const err = rejected('ReplicaSet', workload('ReplicaSet', { selector: { matchLabels: { app: 'web' } }, template: template() }));
    assertCause(err, 'spec.template.metadata.labels', 'FieldValueInvalid', '`selector` does not match template `labels`');
  });

  void it('matches matchExpressions too', () => {
    const expr = { matchExpressions: [{ key: 'app', operator: 'In', values: ['db', 'cache'] }] };
    accepted('ReplicaSet', workload('ReplicaSet', { selector: expr, template: template() }));
    const bad = { matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['db'] }] };
    assertCause(rejected('ReplicaSet', workload('ReplicaSet', { selector: bad, template: template() })), 'spec.template.metadata.labels', 'FieldValueInvalid');
    const op = { matchExpressions: [{ key: 'app', operator: 'Like', values: ['db'] }] };
    assertCause(rejected('ReplicaSet', workload('ReplicaSet', { selector: op, template: template() })), 'spec.selector.matchExpressions[0].operator', 'FieldValueNotSupported');
  });
});

void describe('StatefulSet admission', () => {
  void it('applies the upstream defaults', () => {
    const sts = accepted('StatefulSet', workload('StatefulSet', {
      selector, serviceName: 'db', template: template(),
      volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
    }));
    assert.equal(sts.spec.replicas, 1);
    assert.equal(sts.spec.podManagementPolicy, 'OrderedReady');
    assert.deepEqual(sts.spec.updateStrategy, { type: 'RollingUpdate', rollingUpdate: { partition: 0 } });
    assert.equal(sts.spec.revisionHistoryLimit, 10);
    assert.equal(sts.spec.volumeClaimTemplates[0].spec.volumeMode, 'Filesystem');
  });

  void it('rejects an unknown podManagementPolicy', () => {
    const err = rejected('StatefulSet', workload('StatefulSet', { selector, template: template(), podManagementPolicy: 'Random' }));
    assertCause(err, 'spec.podManagementPolicy', 'FieldValueNotSupported');
  });

  void it('forbids updating fields other than replicas, template and strategy', () => {
    const old = accepted('StatefulSet', workload('StatefulSet', { selector, serviceName: 'db', template: template() }));
    accepted('StatefulSet', workload('StatefulSet', { selector, serviceName: 'db', replicas: 3, template: template() }), { old });
    const err = rejected('StatefulSet', workload('StatefulSet', { selector, serviceName: 'other', template: template() }), { old });
    assertCause(err, 'spec', 'FieldValueForbidden', "updates to statefulset spec for fields other than 'replicas'");
  });
});

void describe('DaemonSet admission', () => {
  void it('defaults a rolling update of one pod at a time', () => {
    const ds = accepted('DaemonSet', workload('DaemonSet', { selector, template: template() }));
    assert.deepEqual(ds.spec.updateStrategy, { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
    assert.equal(ds.spec.revisionHistoryLimit, 10);
  });

  void it('forbids a selector change', () => {
    const old = accepted('DaemonSet', workload('DaemonSet', { selector, template: template() }));
    const next = workload('DaemonSet', { selector: { matchLabels: { app: 'db', x: 'y' } }, template: template() });
    assertCause(rejected('DaemonSet', next, { old }), 'spec.selector', 'FieldValueInvalid', 'field is immutable');
  });
});

void describe('Job admission', () => {
  const job = (spec: Record<string, unknown>, uid?: string): Record<string, unknown> => ({
    ...workload('Job', spec), metadata: { name: 'pi', namespace: 'default', ...(uid ? { uid } : {}) },
  });

  void it('applies defaults and generates the selector from the uid', () => {
    const j = accepted('Job', job({ template: { spec: { containers: [aContainer()], restartPolicy: 'Never' } } }, 'u-1'));
    assert.equal(j.spec.parallelism, 1);
    assert.equal(j.spec.completions, 1);
    assert.equal(j.spec.backoffLimit, 6);
    assert.equal(j.spec.completionMode, 'NonIndexed');
    assert.deepEqual(j.spec.selector, { matchLabels: { 'batch.kubernetes.io/controller-uid': 'u-1' } });
    assert.equal(j.spec.template.metadata.labels['job-name'], 'pi');
  });

  void it('leaves completions unset for a work queue (parallelism only)', () => {
    const j = accepted('Job', job({ parallelism: 3, template: { spec: { containers: [aContainer()], restartPolicy: 'OnFailure' } } }));
    assert.equal(j.spec.completions, undefined);
  });

  void it('rejects restartPolicy Always (the pod default)', () => {
    const err = rejected('Job', job({ template: { spec: { containers: [aContainer()] } } }));
    assertCause(err, 'spec.template.spec.restartPolicy', 'FieldValueNotSupported', 'Unsupported value: "Always": supported values: "OnFailure", "Never"');
  });

  void it('rejects negative backoffLimit', () => {
    const err = rejected('Job', job({ backoffLimit: -1, template: { spec: { containers: [aContainer()], restartPolicy: 'Never' } } }));
    assertCause(err, 'spec.backoffLimit', 'FieldValueInvalid');
  });

  void it('freezes the template on update', () => {
    const old = accepted('Job', job({ template: { spec: { containers: [aContainer()], restartPolicy: 'Never' } } }, 'u-2'));
    const next = job({ template: { spec: { containers: [aContainer({ image: 'busybox:2' })], restartPolicy: 'Never' } } }, 'u-2');
    assertCause(rejected('Job', next, { old }), 'spec.template', 'FieldValueInvalid', 'field is immutable');
    accepted('Job', job({ template: { spec: { containers: [aContainer()], restartPolicy: 'Never' } } }, 'u-2'), { old });
  });
});
