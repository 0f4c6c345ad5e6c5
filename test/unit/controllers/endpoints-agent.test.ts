/**
 * The agent and the endpoints controller together on one fake cluster: the agent records
 * the host port its (hollow) container was published on, and the controller lists the pod
 * at that host address and port.
 */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { resourceByKind } from '../../../src/api/resources.js';
import { createFakeClient, FakeClock } from '../../../src/client/index.js';
import { createHollowRuntime } from '../../../src/agent/runtime/hollow/hollow-runtime.js';
import { startAgent } from '../../../src/agent/agent.js';
import { podSelector } from '../../../src/agent/container-labels.js';
import { createEndpointsController, HOST_PORTS_ANNOTATION } from '../../../src/controllers/endpoints/index.js';
import { eventually, runController, T0 } from './gc-and-workload-builders.js';
import { aService } from './endpoints-builders.js';

const PODS = resourceByKind('v1', 'Pod')!;
const ENDPOINTS = resourceByKind('v1', 'Endpoints')!;

const dataDir = mkdtempSync(path.join(tmpdir(), 'tug-endpoints-agent-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));

describe('agent + endpoints controller', () => {
  it('lists a running pod at the host port the agent published it on', async (t) => {
    const clock = new FakeClock(T0);
    const pod = {
      apiVersion: 'v1', kind: 'Pod',
      metadata: { name: 'web-1', namespace: 'default', uid: 'uid-web-1', labels: { app: 'web' } },
      spec: { nodeName: 'n1', containers: [{ name: 'app', image: 'img', ports: [{ name: 'http', containerPort: 8080 }] }] },
    };
    const client = createFakeClient([pod, aService({ ports: [{ name: 'web', port: 80, protocol: 'TCP', targetPort: 'http' }] })], { clock });
    const runtime = createHollowRuntime({ now: () => clock.now() });
    const abort = new AbortController();
    const agent = startAgent({ client, runtime, nodeName: 'n1', address: '127.0.0.1', dataDir, clock, signal: abort.signal, random: () => 0.5 });
    t.after(async () => { abort.abort(); await agent.done; });
    await agent.ready;
    await runController(t, [], (ctx) => createEndpointsController(ctx), { client, clock });

    await eventually(() => !!client.peek<any>(ENDPOINTS, 'default', 'web')?.subsets?.[0]?.addresses, 'pod listed as ready', 3000);
    const [container] = await runtime.list(podSelector('uid-web-1'));
    const published = container.ports.find((p) => p.containerPort === 8080)!;
    assert.ok(published.hostPort > 0);
    assert.equal(client.peek(PODS, 'default', 'web-1')?.metadata.annotations?.[HOST_PORTS_ANNOTATION], JSON.stringify({ 'app/8080/TCP': `127.0.0.1:${published.hostPort}` }));
    assert.deepEqual(client.peek<any>(ENDPOINTS, 'default', 'web')!.subsets, [{
      addresses: [{ ip: '127.0.0.1', nodeName: 'n1', targetRef: { kind: 'Pod', namespace: 'default', name: 'web-1', uid: 'uid-web-1' } }],
      ports: [{ name: 'web', port: published.hostPort, protocol: 'TCP' }],
    }]);
  });
});
