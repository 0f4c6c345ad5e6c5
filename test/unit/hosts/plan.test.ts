/**
 * The pure naming and addressing rules of the multi-host harness (no root needed).
 * Lives beside the harness self-test because test/support/hosts is the harness's only home.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hostBatch, hostNames, makeRunId, ownerPidOf, planNetwork, randomSubnet, switchBatch } from '../../support/hosts/plan.js';

const fixed = (value: number) => () => value;

describe('multi-host plan', () => {
  it('names namespaces tug-<run>-<host> and a switch namespace beside them', () => {
    const plan = planNetwork('42xbeef', ['a', 'b'], '10.251.7.0/24');
    assert.deepEqual(plan.hosts.map((h) => h.namespace), ['tug-42xbeef-a', 'tug-42xbeef-b']);
    assert.equal(plan.switchNamespace, 'tug-42xbeef-switch');
    assert.equal(plan.bridge, 'tugbr7');
  });

  it('gives hosts consecutive addresses from .10 and one switch port each', () => {
    const plan = planNetwork('1x0000', ['a', 'b', 'c'], '192.168.3.0/24');
    assert.deepEqual(plan.hosts.map((h) => [h.address, h.cidr, h.switchPort, h.hostInterface]), [
      ['192.168.3.10', '192.168.3.10/24', 'v0', 'eth0'],
      ['192.168.3.11', '192.168.3.11/24', 'v1', 'eth0'],
      ['192.168.3.12', '192.168.3.12/24', 'v2', 'eth0'],
    ]);
  });

  it('names counted hosts h1…hN', () => {
    assert.deepEqual(hostNames(3), ['h1', 'h2', 'h3']);
    assert.throws(() => hostNames(0), /positive integer/);
  });

  it('accepts only private /24 subnets', () => {
    assert.throws(() => planNetwork('1x0', ['a'], '8.8.8.0/24'), /not a private/);
    assert.throws(() => planNetwork('1x0', ['a'], '172.32.0.0/24'), /not a private/);
    assert.throws(() => planNetwork('1x0', ['a'], '10.251.0.0/16'), /must be a \/24/);
    assert.throws(() => planNetwork('1x0', ['a'], '10.251.300.0/24'), /not an IPv4/);
    assert.doesNotThrow(() => planNetwork('1x0', ['a'], '172.20.1.0/24'));
  });

  it('rejects empty, duplicate, reserved and malformed host names', () => {
    assert.throws(() => planNetwork('1x0', [], '10.251.1.0/24'), /at least one host/);
    assert.throws(() => planNetwork('1x0', ['a', 'a'], '10.251.1.0/24'), /used twice/);
    assert.throws(() => planNetwork('1x0', ['switch'], '10.251.1.0/24'), /reserved/);
    assert.throws(() => planNetwork('1x0', ['Host A'], '10.251.1.0/24'), /must match/);
  });

  it('puts the owner pid in the run id so cleanup can tell crashed runs from live ones', () => {
    const runId = makeRunId(4711, fixed(0.5));
    assert.equal(runId, '4711x8000');
    assert.equal(ownerPidOf(`tug-${runId}-a`), 4711);
    assert.equal(ownerPidOf('tug-manual-a'), undefined);
  });

  it('draws the default subnet from 10.251.0.0/16', () => {
    assert.equal(randomSubnet(fixed(0)), '10.251.0.0/24');
    assert.equal(randomSubnet(fixed(0.999)), '10.251.255.0/24');
  });

  it('builds the bridge and veth pairs inside the switch namespace, far ends in the hosts', () => {
    const plan = planNetwork('9x1', ['a'], '10.251.1.0/24');
    assert.deepEqual(switchBatch(plan), [
      'link add tugbr1 type bridge',
      'link set tugbr1 up',
      'link add v0 type veth peer name eth0 netns tug-9x1-a',
      'link set v0 master tugbr1',
      'link set v0 up',
    ]);
  });

  it('configures a host with loopback and its address only: no route beyond the subnet', () => {
    const [host] = planNetwork('9x1', ['a'], '10.251.1.0/24').hosts;
    const lines = hostBatch(host);
    assert.deepEqual(lines, ['link set lo up', 'link set eth0 addrgenmode none', 'addr add 10.251.1.10/24 dev eth0', 'link set eth0 up']);
    assert.equal(lines.some((line) => line.startsWith('route')), false);
  });
});
