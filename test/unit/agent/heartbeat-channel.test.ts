/** The agent's heartbeat over the server's heartbeat channel, with a fake channel and a fake API. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { notFound, unauthorized } from '../../../src/api/errors.js';
import type { LeaseRenewal } from '../../../src/api/node-lease.js';
import { createNodeHeartbeat, LEASES } from '../../../src/agent/heartbeat.js';
import { silentLogger } from '../../../src/agent/logger.js';
import { createHollowRuntime } from '../../../src/agent/runtime/hollow/hollow-runtime.js';
import { FakeClock } from '../../../src/client/clock.js';
import { createFakeClient } from '../../../src/client/fake.js';
import { ChannelUnavailableError, type HeartbeatChannel } from '../../../src/client/heartbeat-channel.js';
import { T0 } from './builders.js';

const FACTS = {
  hostname: 'n1', address: '127.0.0.1', cpuCount: 2, memoryBytes: 4 << 30, osImage: 'Debian', kernelVersion: '6.1',
  architecture: 'amd64', operatingSystem: 'linux', containerRuntimeVersion: 'hollow://1',
};

/** A channel that records renewals and answers with `answer` (a resourceVersion, or an error to throw). */
function fakeChannel(answer: () => string | Error): HeartbeatChannel & { renewals: LeaseRenewal[] } {
  const renewals: LeaseRenewal[] = [];
  return {
    renewals,
    async renew(renewal) {
      renewals.push(renewal);
      const out = answer();
      if (out instanceof Error) throw out;
      return out;
    },
    close() {},
  };
}

async function heartbeatWith(channel: HeartbeatChannel) {
  const clock = new FakeClock(T0);
  const client = createFakeClient([], { clock });
  const renewedAt: number[] = [];
  const heartbeat = createNodeHeartbeat({
    client, clock, runtime: createHollowRuntime({ now: () => clock.now() }), logger: silentLogger, nodeName: 'n1', facts: FACTS,
    leaseDurationSeconds: 6, channel, onLeaseRenewed: (at) => renewedAt.push(at),
    readHostReadings: async (runtimeReady) => ({ freeMemoryBytes: 1 << 30, runtimeReady }),
    proxyRevision: () => '42',
  });
  await heartbeat.register();
  return { clock, client, heartbeat, renewedAt, leaseWrites: () => client.actions().filter((a) => a.resource === 'leases' && a.verb !== 'get') };
}

void describe('agent heartbeat over the channel', () => {
  void it('creates the Lease with a write when the channel finds none, then renews over the channel only', async () => {
    let exists = false;
    const channel = fakeChannel(() => (exists ? '7' : notFound({ resource: 'leases', group: 'coordination.k8s.io' }, 'n1')));
    const h = await heartbeatWith(channel);
    await h.heartbeat.beat();
    assert.equal(h.client.peek(LEASES, 'kube-node-lease', 'n1')?.spec.holderIdentity, 'n1', 'created through the API');
    assert.deepEqual(h.leaseWrites().map((a) => a.verb), ['create']);
    exists = true;
    h.clock.advance(1_000);
    await h.heartbeat.beat();
    assert.deepEqual(h.leaseWrites().map((a) => a.verb), ['create'], 'no API write for the renewal');
    assert.deepEqual(channel.renewals.at(-1), { renewTime: '2026-01-01T00:00:01.000000Z', leaseDurationSeconds: 6, proxyRevision: '42' });
    assert.deepEqual(h.renewedAt, [T0, T0 + 1_000], 'fencing hears of both renewals, timed when sent');
  });

  void it('falls back to PUT for good when the server has no channel', async () => {
    const channel = fakeChannel(() => new ChannelUnavailableError('400 upgrade is only supported for pods/exec'));
    const h = await heartbeatWith(channel);
    await h.heartbeat.beat(); // channel refuses: create
    h.clock.advance(1_000);
    await h.heartbeat.beat(); // PUT, no second try on the channel
    assert.equal(channel.renewals.length, 1);
    assert.deepEqual(h.leaseWrites().map((a) => a.verb), ['create', 'update']);
    assert.equal(h.client.peek(LEASES, 'kube-node-lease', 'n1')?.spec.renewTime, '2026-01-01T00:00:01.000000Z');
    assert.equal(h.renewedAt.length, 2);
  });

  void it('fails the beat, without an API write or a renewal to fencing, when the server refuses the credential', async () => {
    const h = await heartbeatWith(fakeChannel(() => unauthorized()));
    await assert.rejects(h.heartbeat.beat(), /Unauthorized/);
    assert.deepEqual(h.leaseWrites(), []);
    assert.deepEqual(h.renewedAt, []);
  });
});
