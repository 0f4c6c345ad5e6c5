import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { PassThrough } from 'node:stream';
import WebSocket from 'ws';
import {
  APISERVER_CLIENT_CN, certificateFingerprint256, createCertificateAuthority, createSelfSignedServingCertificate,
  issueClientCertificate, issueServingCertificate,
} from '../../../src/pki/index.js';
import {
  CHANNEL, chooseProtocol, exitStatus, frame, parseAgentRequest, parseClientFrame, startAgentServer,
} from '../../../src/agent/server/index.js';
import { agentEndpointOf, agentExecPath, agentLogsPath, agentTrustDecision, createAgentDialer, errorFromAgent } from '../../../src/server/agent-dialer.js';
import { AGENT_CERT_ANNOTATION } from '../../../src/agent/server/index.js';
import type { ContainerInfo, ExecOptions, LogOptions, Runtime } from '../../../src/agent/runtime/runtime.js';
import { containerLabels } from '../../../src/agent/container-labels.js';
import type { Pod } from '../../../src/agent/pod/pod-types.js';
import type { KubeObject } from '../../../src/api/types.js';

const pod: Pod = {
  apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p1', namespace: 'default', uid: 'uid-1' },
  spec: { nodeName: 'n1', containers: [{ name: 'app', image: 'x:1' }] },
  status: { phase: 'Running' },
};

const container: ContainerInfo = {
  id: 'c1', name: 'tug_default_p1_app_0', image: 'x:1', imageId: 'x', state: 'running', createdAt: new Date(0).toISOString(), ports: [],
  labels: containerLabels({ podUid: 'uid-1', podNamespace: 'default', podName: 'p1', containerName: 'app', kind: 'regular', attempt: 0, restartBackoffMs: 0 }),
};

/** Just enough runtime: one container whose log is two lines and whose exec is `cat; exit 3`. */
function stubRuntime(seen: { logs?: LogOptions; exec?: ExecOptions }): Runtime {
  const stub: Partial<Runtime> = {
    list: async () => [container],
    logs: async (_id, options) => {
      seen.logs = options;
      const out = new PassThrough();
      out.end('line one\nline two\n');
      return { ok: true, value: out };
    },
    exec: async (_id, options) => {
      seen.exec = options;
      const stdout = new PassThrough();
      const stderr = new PassThrough();
      const input = options.stdin ?? new PassThrough();
      input.pipe(stdout);
      stderr.end('to stderr');
      const exitCode = new Promise<number>((resolve) => input.on('end', () => resolve(3)));
      if (!options.stdin) (input as PassThrough).end();
      return { ok: true, value: { stdout, stderr, exitCode } };
    },
  };
  return stub as Runtime;
}

void describe('agent server: pure parts', () => {
  void it('negotiates v5, then v4, and nothing older', () => {
    assert.equal(chooseProtocol(['v4.channel.k8s.io', 'v5.channel.k8s.io']), 'v5.channel.k8s.io');
    assert.equal(chooseProtocol([' v4.channel.k8s.io', 'channel.k8s.io']), 'v4.channel.k8s.io');
    assert.equal(chooseProtocol(['channel.k8s.io', 'base64.channel.k8s.io']), undefined);
  });

  void it('decodes client frames; close-of-channel exists only in v5', () => {
    assert.deepEqual(parseClientFrame(frame(CHANNEL.stdin, 'hi'), 'v5.channel.k8s.io'), { kind: 'stdin', data: Buffer.from('hi') });
    assert.deepEqual(parseClientFrame(frame(CHANNEL.resize, '{"Width":80,"Height":24}'), 'v4.channel.k8s.io'), { kind: 'resize', width: 80, height: 24 });
    assert.deepEqual(parseClientFrame(Buffer.from([255, 0]), 'v5.channel.k8s.io'), { kind: 'close', channel: 0 });
    assert.deepEqual(parseClientFrame(Buffer.from([255, 0]), 'v4.channel.k8s.io'), { kind: 'ignored' });
    assert.deepEqual(parseClientFrame(frame(CHANNEL.resize, 'nonsense'), 'v5.channel.k8s.io'), { kind: 'ignored' });
  });

  void it('builds the exit statuses kubectl maps to its exit code', () => {
    assert.deepEqual(exitStatus(0), { metadata: {}, status: 'Success' });
    const failed = exitStatus(3);
    assert.equal(failed.reason, 'NonZeroExitCode');
    assert.deepEqual(failed.details, { causes: [{ reason: 'ExitCode', message: '3' }] });
  });

  void it('parses what the dialer sends, and rejects bad input', () => {
    const logs = parseAgentRequest(agentLogsPath('ns 1', 'p1', { container: 'app', follow: true, previous: false, timestamps: true, tailLines: 5 }));
    assert.deepEqual(logs, { kind: 'logs', pod: { namespace: 'ns 1', name: 'p1', container: 'app' }, query: { follow: true, previous: false, timestamps: true, tailLines: 5, sinceSeconds: undefined, limitBytes: undefined } });
    const exec = parseAgentRequest(agentExecPath('default', 'p1', { command: ['sh', '-c', 'exit 3'], stdin: true, stdout: true, stderr: false, tty: false }));
    assert.deepEqual(exec, { kind: 'exec', pod: { namespace: 'default', name: 'p1' }, query: { command: ['sh', '-c', 'exit 3'], stdin: true, stdout: true, stderr: false, tty: false } });
    assert.equal(parseAgentRequest('/exec/default/p1').kind, 'error');
    assert.equal(parseAgentRequest('/containerLogs/default/p1?tailLines=-1').kind, 'error');
    assert.equal(parseAgentRequest('/pods').kind, 'error');
  });

  void it('finds the agent endpoint on the Node, or says why not', () => {
    const node = (port: number): KubeObject => ({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' }, status: { addresses: [{ type: 'InternalIP', address: '10.0.0.5' }], daemonEndpoints: { kubeletEndpoint: { Port: port } } } });
    assert.deepEqual(agentEndpointOf(node(10250)), { ok: true, value: { host: '10.0.0.5', port: 10250 } });
    const none = agentEndpointOf(node(0));
    assert.ok(!none.ok && none.error.code === 503 && /no agent endpoint/.test(none.error.message));
    assert.equal(errorFromAgent(404, '{"message":"gone","reason":"NotFound","code":404}').reason, 'NotFound');
    assert.equal(errorFromAgent(502, 'not json').code, 502);
  });
});

void describe('agent server over loopback, through the dialer', async () => {
  const ca = await createCertificateAuthority('test-ca');
  const tls = await issueServingCertificate(ca, ['127.0.0.1']);
  const apiserver = await issueClientCertificate(ca, APISERVER_CLIENT_CN);
  const seen: { logs?: LogOptions; exec?: ExecOptions } = {};
  let podLookups = 0;
  const getPod = async (ns: string, name: string) => { podLookups += 1; return ns === 'default' && name === 'p1' ? pod : undefined; };
  const server = await startAgentServer({ host: '127.0.0.1', port: 0, tls, clientCaPem: ca.certPem, runtime: stubRuntime(seen), getPod });
  after(() => server.close());
  // A standalone agent: self-signed serving certificate, trusted by the pin on its Node.
  const selfSigned = await createSelfSignedServingCertificate('tug-agent:n2', ['127.0.0.1']);
  const pinned = await startAgentServer({ host: '127.0.0.1', port: 0, tls: selfSigned, clientCaPem: ca.certPem, runtime: stubRuntime({}), getPod });
  after(() => pinned.close());
  const nodeFor = (name: string, port: number, annotations?: Record<string, string>): KubeObject => ({
    apiVersion: 'v1', kind: 'Node', metadata: { name, ...(annotations ? { annotations } : {}) },
    status: { addresses: [{ type: 'InternalIP', address: '127.0.0.1' }], daemonEndpoints: { kubeletEndpoint: { Port: port } } },
  });
  const nodes = new Map<string, KubeObject>([['n1', nodeFor('n1', server.port)]]);
  const dialer = (clientCert = apiserver, caPem = ca.certPem) => createAgentDialer({ caPem, clientCert, lookupNode: async (name) => nodes.get(name) });
  const logQuery = { follow: false, previous: false, timestamps: false, tailLines: 10 };
  const readAll = async (stream: NodeJS.ReadableStream) => {
    let text = '';
    for await (const chunk of stream as AsyncIterable<Buffer>) text += chunk.toString();
    return text;
  };

  void it('streams container logs with the query passed on', async () => {
    const opened = await dialer().logs(pod, logQuery);
    assert.ok(opened.ok);
    assert.equal(await readAll(opened.value), 'line one\nline two\n');
    assert.equal(seen.logs?.tailLines, 10);
  });

  void it('refuses an unknown pod, and an agent with a certificate from another CA', async () => {
    const other = await dialer().logs({ ...pod, metadata: { ...pod.metadata, name: 'p2' } }, logQuery);
    assert.ok(!other.ok && other.error.code === 404);
    const otherCa = await createCertificateAuthority('other-ca');
    const untrusted = await dialer(apiserver, otherCa.certPem).logs(pod, logQuery);
    assert.ok(!untrusted.ok && untrusted.error.code === 503, untrusted.ok ? 'connected' : untrusted.error.message);
  });

  void it('serves only the CA-signed client certificate whose CN is the apiserver', async () => {
    const otherCa = await createCertificateAuthority('other-ca');
    const forged = await issueClientCertificate(otherCa, APISERVER_CLIENT_CN);
    const notSigned = await dialer(forged).logs(pod, logQuery);
    assert.ok(!notSigned.ok && notSigned.error.code === 503, notSigned.ok ? 'connected' : notSigned.error.message);
    const someoneElse = await issueClientCertificate(ca, 'system:node:n9');
    const wrongName = await dialer(someoneElse).logs(pod, logQuery);
    assert.ok(!wrongName.ok && wrongName.error.code === 403, wrongName.ok ? 'connected' : wrongName.error.message);
    const wrongNameExec = await dialer(someoneElse).exec(pod, { command: ['cat'], stdin: false, stdout: true, stderr: false, tty: false },
      { request: { headers: { 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==', 'sec-websocket-version': '13', 'sec-websocket-protocol': 'v5.channel.k8s.io' } } as never, socket: new PassThrough(), head: Buffer.alloc(0) });
    assert.ok(!wrongNameExec.ok && wrongNameExec.error.code === 403);
  });

  void it('trusts a self-signed agent only when its fingerprint matches the Node annotation', async () => {
    const onN2 = { ...pod, spec: { ...pod.spec, nodeName: 'n2' } };
    nodes.set('n2', nodeFor('n2', pinned.port, { [AGENT_CERT_ANNOTATION]: certificateFingerprint256(selfSigned.certPem) }));
    const good = await dialer().logs(onN2, logQuery);
    assert.ok(good.ok, good.ok ? '' : good.error.message);
    assert.equal(await readAll(good.value), 'line one\nline two\n');

    const lookupsBefore = podLookups;
    nodes.set('n2', nodeFor('n2', pinned.port, { [AGENT_CERT_ANNOTATION]: 'ab'.repeat(32) }));
    const mismatch = await dialer().logs(onN2, logQuery);
    assert.ok(!mismatch.ok && mismatch.error.code === 503 && /does not match/.test(mismatch.error.message), mismatch.ok ? 'connected' : mismatch.error.message);
    nodes.set('n2', nodeFor('n2', pinned.port));
    const unpinned = await dialer().logs(onN2, logQuery);
    assert.ok(!unpinned.ok && unpinned.error.code === 503 && /pins no fingerprint/.test(unpinned.error.message));
    assert.equal(podLookups, lookupsBefore, 'no request reached the untrusted agent');
  });

  void it('decides trust from the CA chain, else the pin (pure)', () => {
    assert.deepEqual(agentTrustDecision({ caVerified: true, fingerprint: 'aa' }, undefined), { ok: true });
    assert.deepEqual(agentTrustDecision({ caVerified: false, fingerprint: 'aabb' }, 'AA:BB'), { ok: true });
    assert.equal(agentTrustDecision({ caVerified: false, fingerprint: 'aabb' }, 'aabc').ok, false);
    assert.equal(agentTrustDecision({ caVerified: false, fingerprint: '' }, '').ok, false);
  });

  void it('proxies a v5 exec session: stdin, stdout, stderr, close-of-stdin and the exit status', async () => {
    const front = createServer();
    front.on('upgrade', (request, socket, head) => {
      void dialer().exec(pod, { command: ['cat'], stdin: true, stdout: true, stderr: true, tty: false }, { request, socket, head })
        .then((r) => { if (!r.ok) socket.destroy(); });
    });
    await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
    after(() => front.close());
    const { port } = front.address() as { port: number };
    const ws = new WebSocket(`ws://127.0.0.1:${port}/exec`, ['v5.channel.k8s.io']);
    const frames: Buffer[] = [];
    ws.on('message', (data: Buffer) => frames.push(Buffer.from(data)));
    await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); });
    assert.equal(ws.protocol, 'v5.channel.k8s.io');
    ws.send(frame(CHANNEL.stdin, 'echoed back\n'));
    ws.send(Buffer.from([CHANNEL.close, CHANNEL.stdin]));
    const code = await new Promise<number>((resolve) => ws.once('close', resolve));
    assert.equal(code, 1000);
    const on = (channel: number) => Buffer.concat(frames.filter((f) => f[0] === channel).map((f) => f.subarray(1))).toString();
    assert.equal(on(CHANNEL.stdout), 'echoed back\n');
    assert.equal(on(CHANNEL.stderr), 'to stderr');
    assert.deepEqual(JSON.parse(on(CHANNEL.status)), exitStatus(3));
    assert.deepEqual(seen.exec?.command, ['cat']);
  });
});
