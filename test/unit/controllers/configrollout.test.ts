import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../../src/api/types.js';
import { templateHash } from '../../../src/controllers/deployment/hash.js';
import { ROLLBACK_TEMPLATE_ANNOTATION } from '../../../src/controllers/deployment/rollback.js';
import { CONFIG_HASH_ANNOTATION, CONFIG_HASH_APPLIED_ANNOTATION, configHash, decideConfigRollout, type ConfigLookup } from '../../../src/controllers/configrollout/decide.js';
import { configReferences } from '../../../src/controllers/configrollout/refs.js';
import { aConfigMap, aSecret, aWorkload, FULL_POD_SPEC } from './configrollout-builders.js';

function lookupOf(objects: KubeObject[]): ConfigLookup {
  return (ref) => objects.find((o) => o.kind === ref.kind && o.metadata.name === ref.name);
}

describe('config rollout: references', () => {
  it('finds every ConfigMap and Secret a full pod spec reads, sorted and deduplicated', () => {
    assert.deepEqual(configReferences(FULL_POD_SPEC).map((r) => `${r.kind}/${r.name}`), [
      'ConfigMap/cm-env', 'ConfigMap/cm-envfrom', 'ConfigMap/cm-init', 'ConfigMap/cm-projected', 'ConfigMap/cm-volume',
      'Secret/s-env', 'Secret/s-envfrom', 'Secret/s-projected', 'Secret/s-volume',
    ]);
  });
  it('finds nothing in a spec without config', () => {
    assert.deepEqual(configReferences({ containers: [{ name: 'c', image: 'i', env: [{ name: 'A', value: '1' }] }], volumes: [{ name: 'v', emptyDir: {} }] }), []);
    assert.deepEqual(configReferences(undefined), []);
  });
});

describe('config rollout: hash', () => {
  const refs = configReferences(FULL_POD_SPEC).filter((r) => r.name === 'cm-env' || r.name === 's-env');
  const objects = [aConfigMap('cm-env', { a: '1', b: '2' }), aSecret('s-env', { password: 'aHVudGVyMg==' })];

  it('is stable: same data (in any key order) gives the same short hex hash', () => {
    const h = configHash(refs, lookupOf(objects));
    assert.match(h, /^[0-9a-f]{16}$/);
    assert.equal(configHash(refs, lookupOf([aConfigMap('cm-env', { b: '2', a: '1' }), objects[1]])), h);
  });
  it('changes when data, binaryData or a secret value changes', () => {
    const h = configHash(refs, lookupOf(objects));
    assert.notEqual(configHash(refs, lookupOf([aConfigMap('cm-env', { a: '1', b: '3' }), objects[1]])), h);
    const withBinary = aConfigMap('cm-env', { a: '1', b: '2' });
    withBinary.binaryData = { blob: 'AAE=' };
    assert.notEqual(configHash(refs, lookupOf([withBinary, objects[1]])), h);
    assert.notEqual(configHash(refs, lookupOf([objects[0], aSecret('s-env', { password: 'b3RoZXI=' })])), h);
  });
  it('marks a missing object, so creating it later changes the hash', () => {
    const missing = configHash(refs, lookupOf([objects[0]]));
    assert.notEqual(missing, configHash(refs, lookupOf(objects)));
    assert.notEqual(missing, configHash(refs, lookupOf([objects[0], aSecret('s-env', {})])), 'missing differs from empty');
  });
});

describe('config rollout: decision', () => {
  const objects = [aConfigMap('settings', { level: 'debug' }), aSecret('creds', { token: 'c2VjcmV0' })];
  const lookup = lookupOf(objects);

  it('sets the annotation on a template that has none, flagged as initial', () => {
    const d = decideConfigRollout(aWorkload('Deployment'), lookup);
    assert.match(d.hash!, /^[0-9a-f]{16}$/);
    assert.equal(d.initial, true);
  });
  it('does nothing when the annotation is current, and reports a real change otherwise', () => {
    const hash = decideConfigRollout(aWorkload('StatefulSet'), lookup).hash!;
    assert.deepEqual(decideConfigRollout(aWorkload('StatefulSet', { hash }), lookup), { initial: false });
    const changed = decideConfigRollout(aWorkload('StatefulSet', { hash }), lookupOf([aConfigMap('settings', { level: 'info' }), objects[1]]));
    assert.equal(changed.initial, false);
    assert.notEqual(changed.hash, hash);
    assert.equal(aWorkload('DaemonSet', { hash }).spec.template.metadata.annotations[CONFIG_HASH_ANNOTATION], hash);
  });
  it('honours the per-workload opt-out', () => {
    assert.deepEqual(decideConfigRollout(aWorkload('Deployment', { optOut: true }), lookup), { initial: false });
  });
  it('does not re-apply a config hash the Deployment controller rolled back, but applies a newer one', () => {
    const applied = decideConfigRollout(aWorkload('Deployment'), lookup).hash!;
    const rolledBack = aWorkload('Deployment', { hash: '0000000000000000' });
    rolledBack.metadata.annotations = { [CONFIG_HASH_APPLIED_ANNOTATION]: applied, [ROLLBACK_TEMPLATE_ANNOTATION]: templateHash(rolledBack.spec.template) };
    assert.deepEqual(decideConfigRollout(rolledBack, lookup), { initial: false });
    const fixed = decideConfigRollout(rolledBack, lookupOf([aConfigMap('settings', { level: 'warn' }), objects[1]]));
    assert.ok(fixed.hash && fixed.hash !== applied, 'a new config rolls out again');
    rolledBack.spec.template.spec.containers[0].image = 'img:2';
    assert.equal(decideConfigRollout(rolledBack, lookup).hash, applied, 'once the template is edited, the rollback no longer pins it');
  });
  it('never lets a secret value into the decision', () => {
    const d = decideConfigRollout(aWorkload('Deployment'), lookup);
    assert.ok(!JSON.stringify(d).includes('c2VjcmV0') && !JSON.stringify(d).includes('secret'));
  });
});
