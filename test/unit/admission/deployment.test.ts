import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { accepted, admitted, assertCause, causesOf, clone, NGINX_DEPLOYMENT, rejected } from './support.js';

const DEFAULTED_NGINX = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'nginx-deployment', labels: { app: 'nginx' } },
  spec: {
    replicas: 3,
    selector: { matchLabels: { app: 'nginx' } },
    template: {
      metadata: { labels: { app: 'nginx' } },
      spec: {
        containers: [{
          name: 'nginx', image: 'nginx:1.14.2',
          ports: [{ containerPort: 80, protocol: 'TCP' }],
          imagePullPolicy: 'IfNotPresent',
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
          resources: {},
        }],
        restartPolicy: 'Always',
        terminationGracePeriodSeconds: 30,
        dnsPolicy: 'ClusterFirst',
        schedulerName: 'default-scheduler',
        securityContext: {},
        enableServiceLinks: true,
      },
    },
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
    revisionHistoryLimit: 10,
    progressDeadlineSeconds: 600,
  },
};

function withSpec(patch: (spec: any) => void): unknown {
  const d = clone(NGINX_DEPLOYMENT) as any;
  patch(d.spec);
  return d;
}

void describe('Deployment admission', () => {
  void it('admits the documentation nginx Deployment with every default filled in', () => {
    const { object, warnings } = admitted('Deployment', NGINX_DEPLOYMENT);
    assert.deepEqual(object, DEFAULTED_NGINX);
    assert.deepEqual(warnings, []);
  });

  void it('defaults replicas to 1 and keeps Recreate without rollingUpdate', () => {
    const obj = accepted('Deployment', withSpec((s) => { delete s.replicas; s.strategy = { type: 'Recreate' }; }));
    assert.equal(obj.spec.replicas, 1);
    assert.deepEqual(obj.spec.strategy, { type: 'Recreate' });
  });

  void it('does not touch the input object', () => {
    const input = clone(NGINX_DEPLOYMENT);
    accepted('Deployment', input);
    assert.deepEqual(input, NGINX_DEPLOYMENT);
  });

  const invalidCases: Array<[string, (spec: any) => void, string, string, string?]> = [
    ['missing selector', (s) => { delete s.selector; }, 'spec.selector', 'FieldValueRequired'],
    ['empty selector', (s) => { s.selector = {}; }, 'spec.selector', 'FieldValueInvalid', 'empty selector is invalid for deployment'],
    ['selector not matching labels', (s) => { s.selector.matchLabels.app = 'web'; }, 'spec.template.metadata.labels', 'FieldValueInvalid',
      'Invalid value: map[string]string{"app":"nginx"}: `selector` does not match template `labels`'],
    ['negative replicas', (s) => { s.replicas = -1; }, 'spec.replicas', 'FieldValueInvalid', 'must be greater than or equal to 0'],
    ['both surge and unavailable zero', (s) => { s.strategy = { rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } }; },
      'spec.strategy.rollingUpdate.maxUnavailable', 'FieldValueInvalid', 'may not be 0 when `maxSurge` is 0'],
    ['bad percentage', (s) => { s.strategy = { rollingUpdate: { maxSurge: '25 percent' } }; },
      'spec.strategy.rollingUpdate.maxSurge', 'FieldValueInvalid', 'a valid percent string'],
    ['unavailable over 100%', (s) => { s.strategy = { rollingUpdate: { maxUnavailable: '150%' } }; },
      'spec.strategy.rollingUpdate.maxUnavailable', 'FieldValueInvalid', 'must not be greater than 100%'],
    ['unknown strategy', (s) => { s.strategy = { type: 'BlueGreen' }; }, 'spec.strategy.type', 'FieldValueNotSupported',
      'Unsupported value: "BlueGreen": supported values: "Recreate", "RollingUpdate"'],
    ['Recreate with rollingUpdate', (s) => { s.strategy = { type: 'Recreate', rollingUpdate: { maxSurge: 1 } }; },
      'spec.strategy.rollingUpdate', 'FieldValueForbidden'],
    ['template restartPolicy Never', (s) => { s.template.spec.restartPolicy = 'Never'; },
      'spec.template.spec.restartPolicy', 'FieldValueNotSupported', 'supported values: "Always"'],
    ['missing template', (s) => { delete s.template; }, 'spec.template', 'FieldValueRequired'],
    ['container without image', (s) => { delete s.template.spec.containers[0].image; },
      'spec.template.spec.containers[0].image', 'FieldValueRequired'],
  ];
  for (const [name, patch, field, reason, message] of invalidCases) {
    void it(`rejects ${name} at ${field}`, () => {
      assertCause(rejected('Deployment', withSpec(patch)), field, reason, message);
    });
  }

  void it('names the kind, name and group in the 422 Status', () => {
    const err = rejected('Deployment', withSpec((s) => { s.replicas = -2; }));
    const status = err.toStatus();
    assert.equal(status.code, 422);
    assert.equal(status.message, 'Deployment "nginx-deployment" is invalid: spec.replicas: Invalid value: -2: must be greater than or equal to 0');
    assert.deepEqual({ ...status.details, causes: undefined }, { name: 'nginx-deployment', group: 'apps', kind: 'Deployment', causes: undefined });
  });

  void it('forbids changing the selector on update', () => {
    const old = accepted('Deployment', NGINX_DEPLOYMENT);
    const next = withSpec((s) => {
      s.selector.matchLabels.tier = 'web';
      s.template.metadata.labels.tier = 'web';
    });
    assert.deepEqual(causesOf(rejected('Deployment', next, { old })), [['spec.selector', 'FieldValueInvalid']]);
  });

  void it('allows changing the image and replicas on update, keeping the stored status', () => {
    const old = { ...accepted('Deployment', NGINX_DEPLOYMENT), status: { replicas: 3, readyReplicas: 3 } };
    const next = withSpec((s) => { s.replicas = 5; s.template.spec.containers[0].image = 'nginx:1.16.1'; }) as any;
    next.status = { replicas: 99 };
    const obj = accepted('Deployment', next, { old });
    assert.equal(obj.spec.replicas, 5);
    assert.deepEqual(obj.status, { replicas: 3, readyReplicas: 3 });
  });

  void it('drops status sent with a create', () => {
    const obj = accepted('Deployment', { ...clone(NGINX_DEPLOYMENT), status: { replicas: 7 } });
    assert.equal(obj.status, undefined);
  });

  void it('a status write keeps the stored spec and skips spec validation', () => {
    const old = accepted('Deployment', NGINX_DEPLOYMENT);
    const next = withSpec((s) => { s.replicas = -5; }) as any;
    next.status = { replicas: 3, availableReplicas: 2 };
    const obj = accepted('Deployment', next, { old, subresource: 'status' });
    assert.equal(obj.spec.replicas, 3);
    assert.deepEqual(obj.status, { replicas: 3, availableReplicas: 2 });
  });

  void it('a scale write validates only replicas', () => {
    const old = accepted('Deployment', NGINX_DEPLOYMENT);
    assertCause(rejected('Deployment', withSpec((s) => { s.replicas = -1; }), { old, subresource: 'scale' }), 'spec.replicas', 'FieldValueInvalid');
    assert.equal(accepted('Deployment', withSpec((s) => { s.replicas = 0; }), { old, subresource: 'scale' }).spec.replicas, 0);
  });
});
