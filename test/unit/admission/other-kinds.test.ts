import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RESOURCES } from '../../../src/api/resources.js';
import { SCHEMAS } from '../../../src/api/schema/index.js';
import { accepted, aContainer, assertCause, NGINX_DEPLOYMENT, MY_SERVICE, rejected } from './support.js';

const meta = (name: string, namespaced = true): Record<string, unknown> => (namespaced ? { name, namespace: 'default' } : { name });
const tmpl = { metadata: { labels: { app: 'a' } }, spec: { containers: [aContainer()] } };

/** One valid manifest per served kind. */
const VALID: Record<string, Record<string, unknown>> = {
  Namespace: { metadata: meta('team-a', false) },
  Node: { metadata: meta('node-1', false), spec: { taints: [{ key: 'k', effect: 'NoSchedule' }] }, status: { capacity: { cpu: '2' } } },
  Pod: { metadata: meta('p'), spec: { containers: [aContainer()] } },
  Service: MY_SERVICE,
  Endpoints: { metadata: meta('web'), subsets: [{ addresses: [{ ip: '10.0.0.1' }], ports: [{ port: 80 }] }] },
  ConfigMap: { metadata: meta('cfg'), data: { a: 'b' } },
  Secret: { metadata: meta('s'), stringData: { a: 'b' } },
  Event: { metadata: meta('p.123'), involvedObject: { kind: 'Pod', name: 'p', namespace: 'default' }, reason: 'Started', type: 'Normal' },
  ServiceAccount: { metadata: meta('builder') },
  PersistentVolume: { metadata: meta('pv1', false), spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/data' } } },
  PersistentVolumeClaim: { metadata: meta('data'), spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } },
  Deployment: NGINX_DEPLOYMENT,
  ReplicaSet: { metadata: meta('rs'), spec: { selector: { matchLabels: { app: 'a' } }, template: tmpl } },
  DaemonSet: { metadata: meta('ds'), spec: { selector: { matchLabels: { app: 'a' } }, template: tmpl } },
  StatefulSet: { metadata: meta('sts'), spec: { selector: { matchLabels: { app: 'a' } }, serviceName: 'a', template: tmpl } },
  Job: { metadata: meta('j'), spec: { template: { spec: { containers: [aContainer()], restartPolicy: 'Never' } } } },
  Lease: { metadata: meta('lock'), spec: { holderIdentity: 'me', leaseDurationSeconds: 15 } },
  EndpointSlice: { metadata: meta('web-abc'), addressType: 'IPv4', endpoints: [{ addresses: ['10.0.0.1'] }], ports: [{ port: 80 }] },
  StorageClass: { metadata: meta('standard', false), provisioner: 'tugboat.dev/hostpath' },
  Role: { metadata: meta('pod-reader'), rules: [{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }] },
  ClusterRole: { metadata: meta('system:reader', false), rules: [{ verbs: ['get'], nonResourceURLs: ['/healthz'] }] },
  RoleBinding: { metadata: meta('read'), roleRef: { kind: 'Role', name: 'pod-reader' }, subjects: [{ kind: 'User', name: 'alice' }] },
  ClusterRoleBinding: { metadata: meta('read', false), roleRef: { kind: 'ClusterRole', name: 'view' }, subjects: [{ kind: 'Group', name: 'devs' }] },
  SelfSubjectAccessReview: { metadata: meta('r', false), spec: { resourceAttributes: { verb: 'get', resource: 'pods' } } },
  SelfSubjectRulesReview: { metadata: meta('r', false), spec: { namespace: 'default' } },
  SubjectAccessReview: { metadata: meta('r', false), spec: { user: 'alice', nonResourceAttributes: { verb: 'get', path: '/api' } } },
  SelfSubjectReview: { metadata: meta('r', false) },
};

void describe('every served kind', () => {
  void it('has a schema', () => {
    for (const r of RESOURCES) assert.ok(SCHEMAS[r.kind], `no schema for ${r.kind}`);
  });

  for (const r of RESOURCES) {
    void it(`admits a valid ${r.kind}`, () => {
      const obj = accepted(r.kind, VALID[r.kind]);
      assert.equal(obj.kind, r.kind);
    });
    void it(`rejects an unknown top-level field on ${r.kind} under Strict`, () => {
      assert.equal(rejected(r.kind, { ...VALID[r.kind], bogus: true }).code, 400);
    });
  }
});

void describe('kind-specific defaults and checks', () => {
  void it('Namespace gets the kubernetes finalizer, Active phase and its name label', () => {
    const ns = accepted('Namespace', VALID.Namespace);
    assert.deepEqual(ns.spec, { finalizers: ['kubernetes'] });
    assert.deepEqual(ns.status, { phase: 'Active' });
    assert.equal(ns.metadata.labels?.['kubernetes.io/metadata.name'], 'team-a');
  });

  void it('Namespace names are RFC 1123 labels (no dots)', () => {
    assertCause(rejected('Namespace', { metadata: { name: 'a.b' } }), 'metadata.name', 'FieldValueInvalid', 'RFC 1123 label');
  });

  void it('cluster-scoped kinds refuse a namespace', () => {
    assertCause(rejected('Node', { metadata: { name: 'n', namespace: 'default' } }), 'metadata.namespace', 'FieldValueForbidden');
  });

  void it('Node status is kept as written on create', () => {
    assert.deepEqual(accepted('Node', VALID.Node).status, { capacity: { cpu: '2' } });
  });

  void it('Node taints need a supported effect', () => {
    assertCause(rejected('Node', { metadata: meta('n', false), spec: { taints: [{ key: 'k', effect: 'Sometimes' }] } }), 'spec.taints[0].effect', 'FieldValueNotSupported');
  });

  void it('PVC defaults volumeMode, starts Pending, and requires storage and access modes', () => {
    const pvc = accepted('PersistentVolumeClaim', VALID.PersistentVolumeClaim);
    assert.equal(pvc.spec.volumeMode, 'Filesystem');
    assert.deepEqual(pvc.status, { phase: 'Pending' });
    const err = rejected('PersistentVolumeClaim', { metadata: meta('d'), spec: {} });
    assertCause(err, 'spec.accessModes', 'FieldValueRequired');
    assertCause(err, 'spec.resources[storage]', 'FieldValueRequired');
  });

  void it('PVC spec is immutable except the storage request', () => {
    const old = accepted('PersistentVolumeClaim', VALID.PersistentVolumeClaim);
    const grow = structuredClone(VALID.PersistentVolumeClaim) as any;
    grow.spec.resources.requests.storage = '2Gi';
    assert.equal(accepted('PersistentVolumeClaim', grow, { old }).spec.resources.requests.storage, '2Gi');
    const change = structuredClone(VALID.PersistentVolumeClaim) as any;
    change.spec.accessModes = ['ReadWriteMany'];
    assertCause(rejected('PersistentVolumeClaim', change, { old }), 'spec', 'FieldValueForbidden');
  });

  void it('PersistentVolume needs exactly one source', () => {
    const pv = structuredClone(VALID.PersistentVolume) as any;
    delete pv.spec.hostPath;
    assertCause(rejected('PersistentVolume', pv), 'spec', 'FieldValueRequired', 'must specify a volume type');
  });

  void it('Endpoints ports are range-checked and default to TCP', () => {
    assert.equal((accepted('Endpoints', VALID.Endpoints) as any).subsets[0].ports[0].protocol, 'TCP');
    assertCause(rejected('Endpoints', { metadata: meta('e'), subsets: [{ ports: [{ port: 0 }] }] }), 'subsets[0].ports[0].port', 'FieldValueInvalid');
  });

  void it('EndpointSlice requires a supported addressType', () => {
    assertCause(rejected('EndpointSlice', { metadata: meta('s') }), 'addressType', 'FieldValueRequired');
    assertCause(rejected('EndpointSlice', { metadata: meta('s'), addressType: 'IPv5' }), 'addressType', 'FieldValueNotSupported');
  });

  void it('Event type is Normal or Warning', () => {
    assertCause(rejected('Event', { ...VALID.Event, type: 'Info' }), 'type', 'FieldValueNotSupported');
  });

  void it('Lease duration must be positive', () => {
    assertCause(rejected('Lease', { metadata: meta('l'), spec: { leaseDurationSeconds: 0 } }), 'spec.leaseDurationSeconds', 'FieldValueInvalid');
  });

  void it('StorageClass requires a provisioner, defaults policies, and freezes parameters', () => {
    assertCause(rejected('StorageClass', { metadata: meta('sc', false) }), 'provisioner', 'FieldValueRequired');
    const sc = accepted('StorageClass', VALID.StorageClass);
    assert.equal(sc.reclaimPolicy, 'Delete');
    assert.equal(sc.volumeBindingMode, 'Immediate');
    assertCause(rejected('StorageClass', { ...VALID.StorageClass, parameters: { a: 'b' } }, { old: sc }), 'parameters', 'FieldValueForbidden');
  });

  void it('ServiceAccount names are subdomains', () => {
    assertCause(rejected('ServiceAccount', { metadata: meta('Builder') }), 'metadata.name', 'FieldValueInvalid');
  });
});
