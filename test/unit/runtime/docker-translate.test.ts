import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type Docker from 'dockerode';
import { toCreateOptions } from '../../../src/agent/runtime/docker/docker-spec.js';
import { toContainerInfo } from '../../../src/agent/runtime/docker/docker-inspect.js';
import { FrameParser } from '../../../src/agent/runtime/docker/demux.js';
import { parseDockerHost, daemonMessage } from '../../../src/agent/runtime/docker/docker-client.js';
import { withDefaultTag } from '../../../src/agent/runtime/docker/docker-image.js';
import { isValidImageReference } from '../../../src/agent/runtime/index.js';
import { aContainer } from '../../support/runtime-contract-helpers.js';

void describe('ContainerSpec → Docker create request', () => {
  void it('maps command to Entrypoint and args to Cmd like Kubernetes', () => {
    const o = toCreateOptions(aContainer({ image: 'x:1', command: ['node'], args: ['a.js'] }));
    assert.deepEqual([o.Entrypoint, o.Cmd], [['node'], ['a.js']]);
    const imageDefaults = toCreateOptions(aContainer({ image: 'x:1' }));
    assert.deepEqual([imageDefaults.Entrypoint, imageDefaults.Cmd], [undefined, undefined]);
  });

  void it('publishes ports on 127.0.0.1 with a random host port unless one is given', () => {
    const o = toCreateOptions(aContainer({ image: 'x:1', ports: [
      { containerPort: 8080, protocol: 'TCP' }, { containerPort: 53, protocol: 'UDP', hostPort: 5353, hostIP: '10.0.0.1' },
    ] }));
    assert.deepEqual(o.HostConfig?.PortBindings, {
      '8080/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }], '53/udp': [{ HostIp: '10.0.0.1', HostPort: '5353' }],
    });
    assert.deepEqual(Object.keys(o.ExposedPorts ?? {}), ['8080/tcp', '53/udp']);
  });

  void it('turns millicores and bytes into NanoCpus and a swap-free memory limit', () => {
    const o = toCreateOptions(aContainer({ image: 'x:1', cpuMillis: 250, memoryBytes: 64 * 1024 * 1024 }));
    assert.equal(o.HostConfig?.NanoCpus, 250_000_000);
    assert.equal(o.HostConfig?.Memory, 67108864);
    assert.equal(o.HostConfig?.MemorySwap, 67108864);
  });

  void it('passes DNS, extra hosts, mounts and env', () => {
    const o = toCreateOptions(aContainer({
      image: 'x:1', env: { A: '1' }, dns: { nameservers: ['10.0.0.10'], searches: ['default.svc.cluster.local'], options: ['ndots:5'] },
      extraHosts: { 'host.tug.internal': '127.0.0.1' }, mounts: [{ hostPath: '/h', containerPath: '/c', readOnly: true }],
    }));
    assert.deepEqual(o.Env, ['A=1']);
    assert.deepEqual(o.HostConfig?.Dns, ['10.0.0.10']);
    assert.deepEqual(o.HostConfig?.DnsSearch, ['default.svc.cluster.local']);
    assert.deepEqual(o.HostConfig?.DnsOptions, ['ndots:5']);
    assert.deepEqual(o.HostConfig?.ExtraHosts, ['host.tug.internal:127.0.0.1']);
    assert.deepEqual(o.HostConfig?.Binds, ['/h:/c:ro']);
  });
});

function anInspect(state: Partial<Docker.ContainerInspectInfo['State']>, ports?: object): Docker.ContainerInspectInfo {
  return {
    Id: 'abc', Name: '/tug_default_web_app_0', Image: 'sha256:1', Created: '2026-01-01T00:00:00Z',
    Config: { Image: 'tug-node:1', Labels: { a: 'b' } },
    State: { Status: 'exited', Running: false, Pid: 0, ExitCode: 137, OOMKilled: true, Error: '', StartedAt: '2026-01-01T00:00:01Z', FinishedAt: '2026-01-01T00:00:02Z', ...state },
    NetworkSettings: { Ports: ports ?? {} }, HostConfig: { PortBindings: {} },
  } as unknown as Docker.ContainerInspectInfo;
}

void describe('docker inspect → ContainerInfo', () => {
  void it('reports an OOM-killed exit with its code and times', () => {
    const info = toContainerInfo(anInspect({}));
    assert.equal(info.name, 'tug_default_web_app_0');
    assert.deepEqual([info.state, info.exitCode, info.oomKilled, info.finishedAt], ['exited', 137, true, '2026-01-01T00:00:02.000Z']);
  });

  void it('lists live port bindings, skipping the IPv6 duplicate', () => {
    const info = toContainerInfo(anInspect({ Status: 'running', Pid: 42, ExitCode: 0 }, {
      '8080/tcp': [{ HostIp: '127.0.0.1', HostPort: '32768' }, { HostIp: '::', HostPort: '32768' }],
    }));
    assert.deepEqual(info.ports, [{ containerPort: 8080, protocol: 'TCP', hostIP: '127.0.0.1', hostPort: 32768 }]);
    assert.equal(info.exitCode, undefined);
    assert.equal(info.pid, 42);
  });

  void it('treats Docker zero times as absent', () => {
    const info = toContainerInfo(anInspect({ Status: 'created', ExitCode: 0, StartedAt: '0001-01-01T00:00:00Z', FinishedAt: '0001-01-01T00:00:00Z' }));
    assert.deepEqual([info.state, info.startedAt, info.finishedAt], ['created', undefined, undefined]);
  });
});

void describe('docker multiplexed stream parser', () => {
  const frame = (kind: number, text: string) => {
    const payload = Buffer.from(text);
    const header = Buffer.alloc(8);
    header[0] = kind;
    header.writeUInt32BE(payload.length, 4);
    return Buffer.concat([header, payload]);
  };

  void it('separates stdout and stderr frames, even when split across chunks', () => {
    const all = Buffer.concat([frame(1, 'out\n'), frame(2, 'err\n')]);
    const parser = new FrameParser();
    const first = parser.push(all.subarray(0, 5));
    const rest = parser.push(all.subarray(5));
    assert.deepEqual(first, []);
    assert.deepEqual(rest.map((f) => [f.stream, f.payload.toString()]), [['stdout', 'out\n'], ['stderr', 'err\n']]);
  });
});

void describe('docker endpoints, image references and messages', () => {
  void it('parses DOCKER_HOST forms', () => {
    assert.deepEqual(parseDockerHost('unix:///tmp/tug-docker.sock'), { socketPath: '/tmp/tug-docker.sock' });
    assert.deepEqual(parseDockerHost(undefined), { socketPath: '/var/run/docker.sock' });
    assert.deepEqual(parseDockerHost('tcp://127.0.0.1:2375'), { host: '127.0.0.1', port: 2375 });
  });

  void it('adds :latest only to untagged references', () => {
    assert.equal(withDefaultTag('busybox'), 'busybox:latest');
    assert.equal(withDefaultTag('localhost:5000/app'), 'localhost:5000/app:latest');
    assert.equal(withDefaultTag('tug-node:1'), 'tug-node:1');
  });

  void it('accepts Kubernetes-style references and rejects malformed ones', () => {
    for (const ok of ['tug-node:1', 'registry.local:5000/team/app:v1.2', 'busybox', `app@sha256:${'a'.repeat(64)}`]) {
      assert.ok(isValidImageReference(ok), ok);
    }
    for (const bad of ['', 'Not A/Valid::Image', 'UPPER/case', 'app:']) assert.ok(!isValidImageReference(bad), bad);
  });

  void it('strips dockerode\'s HTTP prefix from daemon messages', () => {
    const error = Object.assign(new Error('(HTTP code 404) no such container - No such container: x '), { statusCode: 404, json: { message: 'No such container: x' } });
    assert.equal(daemonMessage(error), 'No such container: x');
  });
});
