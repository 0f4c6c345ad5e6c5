import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import { resourceByKind } from '../../../src/api/resources.js';
import { createFakeClient, createInformerFactory, FakeClock } from '../../../src/client/index.js';
import type { ControllerContext } from '../../../src/controllers/runtime/controller.js';
import { createConfigRolloutController, CONFIG_HASH_ANNOTATION, CONFIG_HASH_APPLIED_ANNOTATION } from '../../../src/controllers/configrollout/index.js';
import { createDeploymentController } from '../../../src/controllers/deployment/controller.js';
import { T0 } from './builders.js';
import { aConfigMap, aSecret, aWorkload } from './configrollout-builders.js';
import { eventually } from './gc-and-workload-builders.js';

const DEPLOYMENTS = resourceByKind('apps/v1', 'Deployment')!;
const REPLICASETS = resourceByKind('apps/v1', 'ReplicaSet')!;
const CONFIGMAPS = resourceByKind('v1', 'ConfigMap')!;

describe('config rollout controller shell', () => {
  it('a ConfigMap change makes the Deployment controller create a new ReplicaSet', async (t) => {
    const clock = new FakeClock(T0);
    const client = createFakeClient([aConfigMap('settings', { level: 'debug' }), aSecret('creds', { token: 'c2VjcmV0' }), aWorkload('Deployment')], { clock });
    const informers = createInformerFactory(client, { clock });
    const ctx: ControllerContext = {
      client, informers, clock, logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }), events: { record: () => undefined },
    };
    const controllers = [createConfigRolloutController(ctx), createDeploymentController(ctx)];
    const stop = new AbortController();
    informers.start(stop.signal);
    assert.equal(await informers.waitForSync(stop.signal), true);
    const running = controllers.map((c) => c.run(stop.signal));
    t.after(async () => {
      stop.abort();
      client.closeWatches();
      await Promise.all(running);
    });
    const rsHashes = () => client.list(REPLICASETS).then((l) => l.items.map((rs) => rs.spec.template.metadata?.annotations?.[CONFIG_HASH_ANNOTATION]));
    const hashOf = () => client.peek(DEPLOYMENTS, 'default', 'web')?.spec.template.metadata.annotations?.[CONFIG_HASH_ANNOTATION];
    await eventually(async () => hashOf() !== undefined && (await rsHashes()).includes(hashOf()), 'a ReplicaSet with the first hash');
    const first = hashOf();
    await client.patch(CONFIGMAPS, 'default', 'settings', { type: 'merge', body: { data: { level: 'info' } } });
    await eventually(async () => hashOf() !== first && (await rsHashes()).includes(hashOf()), 'a ReplicaSet with the new hash');
  });

  it('annotates the template once, then changes the annotation when a referenced ConfigMap changes', async (t) => {
    const clock = new FakeClock(T0);
    const optedOut = aWorkload('Deployment', { optOut: true });
    optedOut.metadata.name = 'legacy';
    const client = createFakeClient([aConfigMap('settings', { level: 'debug' }), aSecret('creds', { token: 'c2VjcmV0' }), aWorkload('Deployment'), optedOut], { clock });
    const informers = createInformerFactory(client, { clock });
    const events: string[] = [];
    const ctx: ControllerContext = {
      client, informers, clock, logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
      events: { record: (o, _type, reason, message) => void events.push(`${o.metadata.name} ${reason}: ${message}`) },
    };
    const controller = createConfigRolloutController(ctx);
    const stop = new AbortController();
    informers.start(stop.signal);
    assert.equal(await informers.waitForSync(stop.signal), true);
    const running = controller.run(stop.signal);
    t.after(async () => {
      stop.abort();
      client.closeWatches();
      await running;
    });

    const hashOf = (name: string) => client.peek(DEPLOYMENTS, 'default', name)?.spec.template.metadata.annotations?.[CONFIG_HASH_ANNOTATION];
    await eventually(() => hashOf('web') !== undefined, 'initial hash recorded');
    const first = hashOf('web');
    assert.equal(events.length, 0, 'recording the first hash is not a config change');

    await client.patch(CONFIGMAPS, 'default', 'settings', { type: 'merge', body: { data: { level: 'info' } } });
    await eventually(() => hashOf('web') !== first, 'hash changed after the ConfigMap changed');
    assert.match(hashOf('web'), /^[0-9a-f]{16}$/);
    assert.equal(client.peek(DEPLOYMENTS, 'default', 'web')!.metadata.annotations?.[CONFIG_HASH_APPLIED_ANNOTATION], hashOf('web'));
    await eventually(() => events.length === 1, 'one ConfigChanged event');
    assert.match(events[0], /^web ConfigChanged: .*[0-9a-f]{16}$/);
    assert.ok(!events[0].includes('c2VjcmV0'), 'no secret value in events');
    assert.equal(hashOf('legacy'), undefined, 'opted-out workload untouched');
    const patches = client.actions().filter((a) => a.verb === 'patch' && a.resource === 'deployments');
    assert.deepEqual(patches.map((a) => a.name), ['web', 'web'], 'one patch per real change, none for the opted-out one');
  });
});
