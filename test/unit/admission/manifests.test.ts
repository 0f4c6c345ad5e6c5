import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { admitted } from './support.js';

/** `kubectl create deployment web --image=nginx --dry-run=client -o json`, nulls and empties included. */
const KUBECTL_GENERATED = {
  kind: 'Deployment', apiVersion: 'apps/v1',
  metadata: { name: 'web', creationTimestamp: null, labels: { app: 'web' } },
  spec: {
    replicas: 1, selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { creationTimestamp: null, labels: { app: 'web' } },
      spec: { containers: [{ name: 'nginx', image: 'nginx', resources: {} }] },
    },
    strategy: {},
  },
  status: {},
};

/** A StatefulSet using most pod spec features a production manifest carries. */
const RICH_STATEFULSET = {
  apiVersion: 'apps/v1', kind: 'StatefulSet',
  metadata: { name: 'db', namespace: 'prod', annotations: { 'example.com/owner': 'team-a' } },
  spec: {
    serviceName: 'db', replicas: 3,
    selector: { matchLabels: { app: 'db' } },
    template: {
      metadata: { labels: { app: 'db', 'app.kubernetes.io/part-of': 'shop' } },
      spec: {
        serviceAccountName: 'db', terminationGracePeriodSeconds: 60, hostname: 'db', subdomain: 'db',
        securityContext: { runAsNonRoot: true, fsGroup: 999, seccompProfile: { type: 'RuntimeDefault' } },
        nodeSelector: { 'kubernetes.io/os': 'linux' },
        tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoSchedule' }],
        affinity: {
          podAntiAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'db' } }, topologyKey: 'kubernetes.io/hostname' }],
          },
          nodeAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [{
              weight: 10, preference: { matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] },
            }],
          },
        },
        topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { app: 'db' } } }],
        initContainers: [{ name: 'init', image: 'busybox:1.36', command: ['sh', '-c', 'chown -R 999 /data'], volumeMounts: [{ name: 'data', mountPath: '/data' }] }],
        containers: [{
          name: 'postgres', image: 'postgres:16', imagePullPolicy: 'IfNotPresent', workingDir: '/var/lib/postgresql',
          args: ['-c', 'max_connections=200'],
          ports: [{ name: 'pg', containerPort: 5432, protocol: 'TCP' }],
          env: [
            { name: 'POSTGRES_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } },
            { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
            { name: 'MEM', valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '1Mi' } } },
            { name: 'MODE', value: 'primary' },
          ],
          envFrom: [{ configMapRef: { name: 'db-config' } }, { prefix: 'S_', secretRef: { name: 'db-extra', optional: true } }],
          resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: 1, memory: '1Gi', 'ephemeral-storage': '2Gi' } },
          livenessProbe: { exec: { command: ['pg_isready'] }, initialDelaySeconds: 30 },
          readinessProbe: { tcpSocket: { port: 'pg' }, periodSeconds: 5 },
          startupProbe: { httpGet: { path: '/healthz', port: 8080, httpHeaders: [{ name: 'X-Probe', value: '1' }] }, failureThreshold: 30 },
          lifecycle: { preStop: { exec: { command: ['pg_ctl', 'stop'] } }, postStart: { sleep: { seconds: 1 } } },
          securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
          volumeMounts: [
            { name: 'data', mountPath: '/var/lib/postgresql/data' },
            { name: 'config', mountPath: '/etc/postgresql', readOnly: true },
            { name: 'creds', mountPath: '/etc/creds' }, { name: 'run', mountPath: '/run' },
            { name: 'info', mountPath: '/etc/podinfo' }, { name: 'host', mountPath: '/host/logs' },
          ],
        }],
        volumes: [
          { name: 'config', configMap: { name: 'db-config', items: [{ key: 'pg.conf', path: 'postgresql.conf' }] } },
          { name: 'creds', projected: { sources: [{ secret: { name: 'db' } }, { serviceAccountToken: { path: 'token', expirationSeconds: 3600 } }] } },
          { name: 'run', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } },
          { name: 'info', downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] } },
          { name: 'host', hostPath: { path: '/var/log', type: 'Directory' } },
        ],
      },
    },
    volumeClaimTemplates: [{
      metadata: { name: 'data' },
      spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'standard', resources: { requests: { storage: '10Gi' } } },
    }],
  },
};

void describe('real-world manifests', () => {
  void it('admits what kubectl create --dry-run generates, nulls and empty structs included', () => {
    const { object, warnings } = admitted('Deployment', KUBECTL_GENERATED);
    assert.deepEqual(warnings, []);
    assert.equal(object.metadata.creationTimestamp, undefined);
    assert.equal(object.spec.strategy.type, 'RollingUpdate');
    assert.equal(object.status, undefined);
  });

  void it('admits a StatefulSet using most pod spec features, without warnings under Warn', () => {
    const { object, warnings } = admitted('StatefulSet', RICH_STATEFULSET, { fieldValidation: 'Warn' });
    assert.deepEqual(warnings, []);
    const c = object.spec.template.spec.containers[0];
    assert.equal(c.env[1].valueFrom.fieldRef.apiVersion, 'v1');
    assert.deepEqual(c.startupProbe.httpGet.httpHeaders, [{ name: 'X-Probe', value: '1' }]);
    assert.equal(object.spec.template.spec.volumes[1].projected.defaultMode, 420);
  });
});
