import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aContainer, accepted, aPod, assertCause, causesOf, rejected } from './support.js';

void describe('Pod admission', () => {
  void it('defaults a minimal pod completely and starts it Pending', () => {
    const pod = accepted('Pod', {
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
      spec: {
        containers: [{
          name: 'web', image: 'nginx',
          ports: [{ name: 'http', containerPort: 80 }],
          readinessProbe: { httpGet: { port: 'http' } },
          resources: { limits: { cpu: '500m', memory: '128Mi' } },
        }],
      },
    });
    assert.deepEqual(pod, {
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
      spec: {
        containers: [{
          name: 'web', image: 'nginx',
          ports: [{ name: 'http', containerPort: 80, protocol: 'TCP' }],
          readinessProbe: {
            httpGet: { port: 'http', path: '/', scheme: 'HTTP' },
            timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3,
          },
          resources: { limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '500m', memory: '128Mi' } },
          imagePullPolicy: 'Always',
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
        }],
        restartPolicy: 'Always',
        terminationGracePeriodSeconds: 30,
        dnsPolicy: 'ClusterFirst',
        serviceAccountName: 'default',
        serviceAccount: 'default',
        schedulerName: 'default-scheduler',
        securityContext: {},
        enableServiceLinks: true,
      },
      status: { phase: 'Pending', qosClass: 'Guaranteed' },
    });
  });

  const pullPolicies: Array<[string, string]> = [
    ['nginx', 'Always'], ['nginx:latest', 'Always'], ['nginx:1.25', 'IfNotPresent'],
    ['localhost:5000/app', 'Always'], ['localhost:5000/app:v2', 'IfNotPresent'], ['busybox@sha256:abc', 'IfNotPresent'],
  ];
  for (const [image, policy] of pullPolicies) {
    void it(`defaults imagePullPolicy to ${policy} for ${image}`, () => {
      const pod = accepted('Pod', aPod({ containers: [aContainer({ image })] }));
      assert.equal(pod.spec.containers[0].imagePullPolicy, policy);
    });
  }

  void it('gives volumes their default mode and keeps the typed sources', () => {
    const pod = accepted('Pod', aPod({
      volumes: [
        { name: 'cfg', configMap: { name: 'cfg' } }, { name: 'tmp', emptyDir: {} },
        { name: 'data', persistentVolumeClaim: { claimName: 'data' } },
        { name: 'info', downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] } },
      ],
      containers: [aContainer({ volumeMounts: [{ name: 'cfg', mountPath: '/etc/cfg' }] })],
    }));
    assert.equal(pod.spec.volumes[0].configMap.defaultMode, 420);
    assert.equal(pod.spec.volumes[3].downwardAPI.items[0].fieldRef.apiVersion, 'v1');
  });

  void it('classifies QoS as BestEffort and Burstable', () => {
    assert.equal(accepted('Pod', aPod()).status.qosClass, 'BestEffort');
    const burst = aPod({ containers: [aContainer({ resources: { requests: { cpu: '100m' } } })] });
    assert.equal(accepted('Pod', burst).status.qosClass, 'Burstable');
  });

  const invalidCases: Array<[string, Record<string, unknown>, string, string, string?]> = [
    ['no containers', { containers: [] }, 'spec.containers', 'FieldValueRequired'],
    ['duplicate container names', { containers: [aContainer(), aContainer()] }, 'spec.containers[1].name', 'FieldValueDuplicate'],
    ['init container clashing with a container', { initContainers: [aContainer()] }, 'spec.initContainers[0].name', 'FieldValueDuplicate'],
    ['missing image', { containers: [{ name: 'main' }] }, 'spec.containers[0].image', 'FieldValueRequired'],
    ['bad container name', { containers: [aContainer({ name: 'Main_1' })] }, 'spec.containers[0].name', 'FieldValueInvalid', 'RFC 1123 label'],
    ['port 0', { containers: [aContainer({ ports: [{ containerPort: 0 }] })] }, 'spec.containers[0].ports[0].containerPort', 'FieldValueInvalid',
      'must be between 1 and 65535, inclusive'],
    ['port 70000', { containers: [aContainer({ ports: [{ containerPort: 70000 }] })] }, 'spec.containers[0].ports[0].containerPort', 'FieldValueInvalid'],
    ['duplicate port names', { containers: [aContainer({ ports: [{ name: 'http', containerPort: 80 }, { name: 'http', containerPort: 81 }] })] },
      'spec.containers[0].ports[1].name', 'FieldValueDuplicate'],
    ['unknown protocol', { containers: [aContainer({ ports: [{ containerPort: 80, protocol: 'HTTP' }] })] },
      'spec.containers[0].ports[0].protocol', 'FieldValueNotSupported'],
    ['probe without handler', { containers: [aContainer({ livenessProbe: { periodSeconds: 5 } })] },
      'spec.containers[0].livenessProbe', 'FieldValueRequired', 'must specify a handler type'],
    ['probe with two handlers', { containers: [aContainer({ readinessProbe: { exec: { command: ['true'] }, tcpSocket: { port: 80 } } })] },
      'spec.containers[0].readinessProbe', 'FieldValueForbidden', 'may not specify more than 1 handler type'],
    ['liveness successThreshold 2', { containers: [aContainer({ livenessProbe: { exec: { command: ['true'] }, successThreshold: 2 } })] },
      'spec.containers[0].livenessProbe.successThreshold', 'FieldValueInvalid', 'must be 1'],
    ['unparseable quantity', { containers: [aContainer({ resources: { limits: { memory: '12 GB' } } })] },
      'spec.containers[0].resources.limits[memory]', 'FieldValueInvalid'],
    ['requests above limits', { containers: [aContainer({ resources: { requests: { cpu: '2' }, limits: { cpu: '1' } } })] },
      'spec.containers[0].resources.requests', 'FieldValueInvalid', 'must be less than or equal to cpu limit of 1'],
    ['mount of a missing volume', { containers: [aContainer({ volumeMounts: [{ name: 'data', mountPath: '/data' }] })] },
      'spec.containers[0].volumeMounts[0].name', 'FieldValueNotFound'],
    ['volume without source', { volumes: [{ name: 'v' }] }, 'spec.volumes[0]', 'FieldValueRequired', 'must specify a volume type'],
    ['volume with two sources', { volumes: [{ name: 'v', emptyDir: {}, hostPath: { path: '/x' } }] }, 'spec.volumes[0]', 'FieldValueForbidden'],
    ['duplicate volumes', { volumes: [{ name: 'v', emptyDir: {} }, { name: 'v', emptyDir: {} }] }, 'spec.volumes[1].name', 'FieldValueDuplicate'],
    ['restartPolicy Sometimes', { restartPolicy: 'Sometimes' }, 'spec.restartPolicy', 'FieldValueNotSupported',
      'Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"'],
    ['dnsPolicy bogus', { dnsPolicy: 'Google' }, 'spec.dnsPolicy', 'FieldValueNotSupported'],
    ['bad hostname', { hostname: 'My_Host' }, 'spec.hostname', 'FieldValueInvalid'],
    ['bad nodeSelector value', { nodeSelector: { disk: 'not ok' } }, 'spec.nodeSelector', 'FieldValueInvalid', 'a valid label must be'],
    ['toleration operator', { tolerations: [{ key: 'k', operator: 'Maybe' }] }, 'spec.tolerations[0].operator', 'FieldValueNotSupported'],
    ['negative grace period', { terminationGracePeriodSeconds: -1 }, 'spec.terminationGracePeriodSeconds', 'FieldValueInvalid'],
  ];
  for (const [name, spec, field, reason, message] of invalidCases) {
    void it(`rejects ${name} at ${field}`, () => {
      assertCause(rejected('Pod', aPod(spec)), field, reason, message);
    });
  }

  void it('requires a name unless generateName is given', () => {
    const nameless = { ...aPod(), metadata: { namespace: 'default' } };
    assertCause(rejected('Pod', nameless), 'metadata.name', 'FieldValueRequired', 'name or generateName is required');
    accepted('Pod', { ...aPod(), metadata: { generateName: 'web-' } });
  });

  void it('reports the upstream RFC 1123 message for a bad name', () => {
    const err = rejected('Pod', aPod({}, 'Bad_Name'));
    assert.equal(err.message, 'Pod "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must '
      + "consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character "
      + "(e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
  });

  void it('rejects bad label keys and values', () => {
    const pod = { ...aPod(), metadata: { name: 'p', labels: { 'bad key': 'v', ok: 'bad value!' } } };
    assert.deepEqual(causesOf(rejected('Pod', pod)), [['metadata.labels', 'FieldValueInvalid'], ['metadata.labels', 'FieldValueInvalid']]);
  });

  void describe('updates', () => {
    const stored = accepted('Pod', aPod({ tolerations: [{ key: 'a', operator: 'Exists' }] }));

    void it('allows changing a container image and adding a toleration', () => {
      const next = structuredClone(stored);
      next.spec.containers[0].image = 'busybox:1.37';
      next.spec.tolerations.push({ key: 'b', operator: 'Exists' });
      accepted('Pod', next, { old: stored });
    });

    void it('forbids other spec changes with the upstream message', () => {
      const next = structuredClone(stored);
      next.spec.restartPolicy = 'Never';
      const err = rejected('Pod', next, { old: stored });
      assertCause(err, 'spec', 'FieldValueForbidden', 'pod updates may not change fields other than `spec.containers[*].image`');
    });

    void it('forbids removing a toleration', () => {
      const next = structuredClone(stored);
      next.spec.tolerations = [];
      assertCause(rejected('Pod', next, { old: stored }), 'spec', 'FieldValueForbidden');
    });

    void it('forbids renaming', () => {
      const next = structuredClone(stored);
      next.metadata.name = 'p2';
      assertCause(rejected('Pod', next, { old: stored }), 'metadata.name', 'FieldValueInvalid', 'field is immutable');
    });

    void it('a binding write may set nodeName', () => {
      const next = structuredClone(stored);
      next.spec.nodeName = 'node-1';
      assert.equal(accepted('Pod', next, { old: stored, subresource: 'binding' }).spec.nodeName, 'node-1');
      assertCause(rejected('Pod', next, { old: stored }), 'spec', 'FieldValueForbidden');
    });

    void it('status writes keep the spec and take the new status', () => {
      const next = structuredClone(stored);
      next.spec.restartPolicy = 'Never';
      next.status = { phase: 'Running', podIP: '10.0.0.5' };
      const pod = accepted('Pod', next, { old: stored, subresource: 'status' });
      assert.equal(pod.spec.restartPolicy, 'Always');
      assert.deepEqual(pod.status, { phase: 'Running', podIP: '10.0.0.5' });
    });
  });

  void it('mounts the ServiceAccount token in every container of a pod that asks for it, idempotently', () => {
    const pod = accepted('Pod', aPod({ automountServiceAccountToken: true, serviceAccountName: 'ci', initContainers: [aContainer({ name: 'init' })] }));
    const spec = pod.spec as { volumes: Array<Record<string, unknown>>; containers: Array<{ volumeMounts: unknown[] }>; initContainers: Array<{ volumeMounts: unknown[] }> };
    const mount = { name: 'kube-api-access', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true };
    assert.deepEqual(spec.volumes, [{ name: 'kube-api-access', projected: { defaultMode: 420, sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: 3607 } }] } }]);
    assert.deepEqual([spec.containers[0].volumeMounts, spec.initContainers[0].volumeMounts], [[mount], [mount]]);
    assert.deepEqual(accepted('Pod', pod), pod, 'admitting the result again changes nothing');
    const quiet = accepted('Pod', aPod()).spec as { volumes?: unknown[]; containers: Array<{ volumeMounts?: unknown[] }> };
    assert.deepEqual([quiet.volumes, quiet.containers[0].volumeMounts], [undefined, undefined], 'no mount unless asked');
  });
});
