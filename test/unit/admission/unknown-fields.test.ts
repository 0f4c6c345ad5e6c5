import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { accepted, admitted, aPod, clone, NGINX_DEPLOYMENT, rejected } from './support.js';

function withTypos(): any {
  const d = clone(NGINX_DEPLOYMENT) as any;
  d.spec.template.spec.containers[0].imagePullPolcy = 'Always';
  d.spec.foo = 1;
  return d;
}

void describe('unknown fields and decoding', () => {
  void it('Strict answers 400 BadRequest listing every unknown field in document order', () => {
    const err = rejected('Deployment', withTypos(), { fieldValidation: 'Strict' });
    assert.equal(err.code, 400);
    assert.equal(err.reason, 'BadRequest');
    assert.equal(err.message, 'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: '
      + 'unknown field "spec.template.spec.containers[0].imagePullPolcy", unknown field "spec.foo"');
    const reordered = clone(NGINX_DEPLOYMENT) as any;
    reordered.spec = { foo: 1, ...reordered.spec };
    reordered.spec.template.spec.containers[0].imagePullPolcy = 'Always';
    assert.match(rejected('Deployment', reordered).message, /"spec\.foo", unknown field "spec\.template/);
  });

  void it('Warn admits, drops the fields and returns one warning each', () => {
    const { object, warnings } = admitted('Deployment', withTypos(), { fieldValidation: 'Warn' });
    assert.deepEqual(new Set(warnings), new Set([
      'unknown field "spec.foo"', 'unknown field "spec.template.spec.containers[0].imagePullPolcy"',
    ]));
    assert.equal('foo' in object.spec, false);
    assert.equal('imagePullPolcy' in object.spec.template.spec.containers[0], false);
  });

  void it('Ignore drops them silently', () => {
    const { object, warnings } = admitted('Deployment', withTypos(), { fieldValidation: 'Ignore' });
    assert.deepEqual(warnings, []);
    assert.equal('foo' in object.spec, false);
  });

  void it('reports unknown top-level and metadata fields', () => {
    const pod = { ...aPod(), spce: {}, metadata: { name: 'p', lables: {} } };
    const err = rejected('Pod', pod);
    assert.match(err.message, /unknown field "metadata\.lables"/);
    assert.match(err.message, /unknown field "spce"/);
  });

  void it('answers 400 naming the field for a string where an integer belongs, whatever the mode', () => {
    for (const fieldValidation of ['Strict', 'Warn', 'Ignore'] as const) {
      const d = clone(NGINX_DEPLOYMENT) as any;
      d.spec.replicas = 'three';
      const err = rejected('Deployment', d, { fieldValidation });
      assert.equal(err.code, 400);
      assert.match(err.message, /cannot unmarshal string into Go struct field Deployment\.spec\.replicas of type int32/);
    }
  });

  void it('rejects a non-integer number and a wrongly typed container port', () => {
    assert.match(rejected('Pod', aPod({ terminationGracePeriodSeconds: 1.5 })).message, /spec\.terminationGracePeriodSeconds/);
    const err = rejected('Pod', aPod({ containers: [{ name: 'c', image: 'x', ports: [{ containerPort: '80' }] }] }));
    assert.equal(err.code, 400);
    assert.match(err.message, /spec\.containers\[0\]\.ports\[0\]\.containerPort/);
  });

  void it('rejects a label value that is not a string', () => {
    const err = rejected('Pod', { ...aPod(), metadata: { name: 'p', labels: { tier: 1 } } });
    assert.equal(err.code, 400);
    assert.match(err.message, /metadata\.labels\.tier/);
  });

  void it('treats JSON null as unset, as the Go decoder does', () => {
    const pod = accepted('Pod', { ...aPod(), metadata: { name: 'p', creationTimestamp: null }, status: {} });
    assert.equal(pod.metadata.creationTimestamp, undefined);
  });

  void it('turns a missing required nested field into a 422 Required cause', () => {
    const err = rejected('Pod', aPod({ containers: [{ image: 'busybox' }] }));
    assert.equal(err.code, 422);
    assert.deepEqual(err.details?.causes, [{ reason: 'FieldValueRequired', field: 'spec.containers[0].name', message: 'Required value' }]);
  });

  void it('rejects a body of the wrong kind or version, and a non-object body', () => {
    assert.equal(rejected('Pod', { ...aPod(), kind: 'Service' }).code, 400);
    assert.equal(rejected('Pod', { ...aPod(), apiVersion: 'apps/v1' }).code, 400);
    assert.equal(rejected('Pod', [1, 2]).code, 400);
  });

  void it('fills in apiVersion and kind when the body leaves them out', () => {
    const { apiVersion: _a, kind: _k, ...bare } = aPod();
    const pod = accepted('Pod', bare);
    assert.equal(pod.apiVersion, 'v1');
    assert.equal(pod.kind, 'Pod');
  });
});
