import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resourceByKind } from '../../../src/api/resources.js';
import { createConfigRolloutController, CONFIG_HASH_ANNOTATION, CONFIG_HASH_APPLIED_ANNOTATION } from '../../../src/controllers/configrollout/index.js';
import { createDeploymentController } from '../../../src/controllers/deployment/controller.js';
import { aConfigMap, aSecret, aWorkload } from './configrollout-builders.js';
import { eventually, runController } from './gc-and-workload-builders.js';

const DEPLOYMENTS = resourceByKind('apps/v1', 'Deployment')!;
const REPLICASETS = resourceByKind('apps/v1', 'ReplicaSet')!;
const CONFIGMAPS = resourceByKind('v1', 'ConfigMap')!;

describe('config rollout controller shell', () => {
  it('a ConfigMap change makes the Deployment controller create a new ReplicaSet', async (t) => {
    const { client } = await runController(t, [aConfigMap('settings', { level: 'debug' }), aSecret('creds', { token: 'c2VjcmV0' }), aWorkload('Deployment')],
      (ctx) => [createConfigRolloutController(ctx), createDeploymentController(ctx)]);
    const rsHashes = () => client.list(REPLICASETS).then((l) => l.items.map((rs) => rs.spec.template.metadata?.annotations?.[CONFIG_HASH_ANNOTATION]));
    const hashOf = () => client.peek(DEPLOYMENTS, 'default', 'web')?.spec.template.metadata.annotations?.[CONFIG_HASH_ANNOTATION];
    await eventually(async () => hashOf() !== undefined && (await rsHashes()).includes(hashOf()), 'a ReplicaSet with the first hash');
    const first = hashOf();
    await client.patch(CONFIGMAPS, 'default', 'settings', { type: 'merge', body: { data: { level: 'info' } } });
    await eventually(async () => hashOf() !== first && (await rsHashes()).includes(hashOf()), 'a ReplicaSet with the new hash');
  });

  it('annotates the template once, then changes the annotation when a referenced ConfigMap changes', async (t) => {
    const optedOut = aWorkload('Deployment', { optOut: true });
    optedOut.metadata.name = 'legacy';
    const h = await runController(t, [aConfigMap('settings', { level: 'debug' }), aSecret('creds', { token: 'c2VjcmV0' }), aWorkload('Deployment'), optedOut],
      (ctx) => createConfigRolloutController(ctx));
    const { client } = h;
    const events = () => h.events.map((e) => `${e.object} ${e.reason}: ${e.message}`);

    const hashOf = (name: string) => client.peek(DEPLOYMENTS, 'default', name)?.spec.template.metadata.annotations?.[CONFIG_HASH_ANNOTATION];
    await eventually(() => hashOf('web') !== undefined, 'initial hash recorded');
    const first = hashOf('web');
    assert.equal(events().length, 0, 'recording the first hash is not a config change');

    await client.patch(CONFIGMAPS, 'default', 'settings', { type: 'merge', body: { data: { level: 'info' } } });
    await eventually(() => hashOf('web') !== first, 'hash changed after the ConfigMap changed');
    assert.match(hashOf('web'), /^[0-9a-f]{16}$/);
    assert.equal(client.peek(DEPLOYMENTS, 'default', 'web')!.metadata.annotations?.[CONFIG_HASH_APPLIED_ANNOTATION], hashOf('web'));
    await eventually(() => events().length === 1, 'one ConfigChanged event');
    assert.match(events()[0], /^web ConfigChanged: .*[0-9a-f]{16}$/);
    assert.ok(!events()[0].includes('c2VjcmV0'), 'no secret value in events');
    assert.equal(hashOf('legacy'), undefined, 'opted-out workload untouched');
    const patches = client.actions().filter((a) => a.verb === 'patch' && a.resource === 'deployments');
    assert.deepEqual(patches.map((a) => a.name), ['web', 'web'], 'one patch per real change, none for the opted-out one');
  });
});
