/**
 * The apiserver's way to the agents (AgentDialer): find the pod's Node, reach the agent
 * endpoint published on it over mutual TLS, and present the apiserver's client
 * certificate (CN tug-apiserver). The agent's certificate is trusted when the cluster CA
 * signed it for that address (embedded agent) or when its SHA-256 equals the Node's
 * `tugboat.io/agent-cert-sha256` annotation (standalone agent, self-signed); the check
 * runs after the handshake and before a single byte of the request is written. Logs are a plain HTTPS stream; exec is a transparent proxy
 * of the WebSocket upgrade (the client's handshake is forwarded, the agent's 101 is
 * relayed back, then the two sockets are spliced), as kube-apiserver does with kubelet.
 */
import { request as httpRequest } from 'node:http';
import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { isIP } from 'node:net';
import { derFingerprint256 } from '../pki/certificates.js';
import { AGENT_CERT_ANNOTATION } from '../agent/server/endpoint.js';
import type { Duplex } from 'node:stream';
import { ApiError, serviceUnavailable } from '../api/errors.js';
import type { StatusReason } from '../api/errors.js';
import type { KubeObject } from '../api/types.js';
import type { AgentDialer, DialResult, PodExecQuery, PodLogQuery, UpgradeRequest } from '../apiserver/types.js';

export interface AgentDialerOptions {
  /** The cluster CA: a serving certificate it signed is trusted without a pin. */
  caPem: string;
  /** The apiserver's client certificate, signed by the cluster CA (CN tug-apiserver). */
  clientCert: { certPem: string; keyPem: string };
  /** The Node object by name, or undefined. */
  lookupNode(name: string): Promise<KubeObject | undefined>;
  /** Connect + response-headers deadline (default 10 s); streams themselves may idle. */
  dialTimeoutMs?: number;
}

export interface AgentEndpoint {
  host: string;
  port: number;
  /** The pinned SHA-256 of the agent's serving certificate (hex), when the Node has one. */
  certSha256?: string;
}

/** Lowercase hex without separators, so `AB:CD…` and `abcd…` compare equal. */
export function normaliseFingerprint(value: string): string {
  return value.replace(/[^0-9a-fA-F]/g, '').toLowerCase();
}

/**
 * Whether to talk to this agent (pure): a certificate the CA verified for the address,
 * else one whose fingerprint equals the pin. No pin and no CA chain → refuse.
 */
export function agentTrustDecision(
  peer: { caVerified: boolean; verifyError?: string; fingerprint: string }, pin: string | undefined,
): { ok: true } | { ok: false; reason: string } {
  if (peer.caVerified) return { ok: true };
  if (pin === undefined || normaliseFingerprint(pin) === '') {
    return { ok: false, reason: `agent certificate is not trusted (${peer.verifyError ?? 'not signed by the cluster CA'}) and the node pins no fingerprint` };
  }
  if (normaliseFingerprint(pin) !== normaliseFingerprint(peer.fingerprint)) {
    return { ok: false, reason: `agent certificate fingerprint ${peer.fingerprint} does not match the node's ${AGENT_CERT_ANNOTATION} annotation` };
  }
  return { ok: true };
}

/** Where a Node's agent listens: InternalIP (else Hostname) and daemonEndpoints.kubeletEndpoint.Port. */
export function agentEndpointOf(node: KubeObject): DialResult<AgentEndpoint> {
  const name = node.metadata.name ?? '';
  const addresses = (node.status?.addresses ?? []) as Array<{ type?: string; address?: string }>;
  const host = addresses.find((a) => a.type === 'InternalIP')?.address ?? addresses.find((a) => a.type === 'Hostname')?.address;
  const port = Number(node.status?.daemonEndpoints?.kubeletEndpoint?.Port ?? 0);
  if (!host) return { ok: false, error: serviceUnavailable(`node "${name}" has no address`) };
  if (!Number.isInteger(port) || port <= 0 || port > 65535) return { ok: false, error: serviceUnavailable(`no agent endpoint is published for node "${name}"`) };
  const pin = node.metadata.annotations?.[AGENT_CERT_ANNOTATION];
  return { ok: true, value: pin ? { host, port, certSha256: pin } : { host, port } };
}

const enc = encodeURIComponent;

export function agentLogsPath(namespace: string, pod: string, q: PodLogQuery): string {
  const params = new URLSearchParams();
  if (q.follow) params.set('follow', 'true');
  if (q.previous) params.set('previous', 'true');
  if (q.timestamps) params.set('timestamps', 'true');
  if (q.tailLines !== undefined) params.set('tailLines', String(q.tailLines));
  if (q.sinceSeconds !== undefined) params.set('sinceSeconds', String(q.sinceSeconds));
  if (q.sinceTime !== undefined) params.set('sinceTime', q.sinceTime);
  if (q.limitBytes !== undefined) params.set('limitBytes', String(q.limitBytes));
  const qs = params.toString();
  return `/containerLogs/${enc(namespace)}/${enc(pod)}${q.container ? `/${enc(q.container)}` : ''}${qs ? `?${qs}` : ''}`;
}

export function agentExecPath(namespace: string, pod: string, q: PodExecQuery): string {
  const params = new URLSearchParams();
  for (const c of q.command) params.append('command', c);
  for (const k of ['stdin', 'stdout', 'stderr', 'tty'] as const) if (q[k]) params.set(k, 'true');
  return `/exec/${enc(namespace)}/${enc(pod)}${q.container ? `/${enc(q.container)}` : ''}?${params.toString()}`;
}

/** A non-success answer from the agent → the Status it carried (or a generic one). */
export function errorFromAgent(status: number, body: string): ApiError {
  try {
    const s = JSON.parse(body) as { message?: string; reason?: string; code?: number };
    if (typeof s.message === 'string') return new ApiError({ code: s.code ?? status, reason: (s.reason ?? 'InternalError') as StatusReason, message: s.message });
  } catch { /* not a Status */ }
  return new ApiError({ code: status >= 400 ? status : 500, reason: 'InternalError', message: `agent answered ${status}: ${body.slice(0, 200)}` });
}

function readBody(res: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let body = '';
    res.setEncoding('utf8');
    res.on('data', (d: string) => { if (body.length < 64 * 1024) body += d; });
    res.on('end', () => resolve(body));
    res.on('error', () => resolve(body));
  });
}

/** Headers of the client's WebSocket handshake worth forwarding to the agent. */
const HANDSHAKE_HEADERS = ['sec-websocket-key', 'sec-websocket-version', 'sec-websocket-protocol'] as const;

function splice(client: Duplex, agent: Duplex): void {
  const teardown = () => { client.destroy(); agent.destroy(); };
  client.on('error', teardown);
  agent.on('error', teardown);
  client.on('close', teardown);
  agent.on('close', teardown);
  agent.pipe(client);
  client.pipe(agent);
}

function statusLine(res: IncomingMessage): string {
  const lines = [`HTTP/1.1 101 ${res.statusMessage || 'Switching Protocols'}`];
  for (let i = 0; i < res.rawHeaders.length; i += 2) lines.push(`${res.rawHeaders[i]}: ${res.rawHeaders[i + 1]}`);
  return `${lines.join('\r\n')}\r\n\r\n`;
}

export function createAgentDialer(options: AgentDialerOptions): AgentDialer {
  const dialTimeoutMs = options.dialTimeoutMs ?? 10_000;

  async function endpointFor(pod: KubeObject): Promise<DialResult<AgentEndpoint>> {
    const nodeName = String(pod.spec?.nodeName ?? '');
    const node = await options.lookupNode(nodeName);
    if (!node) return { ok: false, error: serviceUnavailable(`node "${nodeName}" of pod "${pod.metadata.name ?? ''}" is not registered`) };
    return agentEndpointOf(node);
  }

  /** A TLS connection whose peer passed agentTrustDecision; nothing is written before that. */
  function connectVerified(endpoint: AgentEndpoint): Promise<TLSSocket> {
    return new Promise((resolve, reject) => {
      const socket = tlsConnect({
        host: endpoint.host, port: endpoint.port, ca: options.caPem,
        cert: options.clientCert.certPem, key: options.clientCert.keyPem,
        servername: isIP(endpoint.host) ? undefined : endpoint.host,
        // Verified below: a pinned self-signed certificate fails the CA chain by design.
        rejectUnauthorized: false,
      });
      const timer = setTimeout(() => socket.destroy(new Error(`no TLS handshake within ${dialTimeoutMs} ms`)), dialTimeoutMs);
      socket.once('error', (err) => { clearTimeout(timer); reject(err); });
      socket.once('secureConnect', () => {
        clearTimeout(timer);
        const raw = socket.getPeerCertificate().raw as Buffer | undefined;
        const decision = agentTrustDecision({
          caVerified: socket.authorized,
          verifyError: socket.authorizationError ? String(socket.authorizationError) : undefined,
          fingerprint: raw ? derFingerprint256(raw) : '',
        }, endpoint.certSha256);
        if (!decision.ok) { socket.destroy(); reject(new Error(decision.reason)); return; }
        socket.removeAllListeners('error');
        resolve(socket);
      });
    });
  }

  async function dial(endpoint: AgentEndpoint, path: string, extraHeaders: OutgoingHttpHeaders) {
    const socket = await connectVerified(endpoint);
    const req = httpRequest({
      // No agent: with one, Node would ignore createConnection and dial a fresh socket.
      host: endpoint.host, port: endpoint.port, path, method: 'GET', headers: extraHeaders,
      createConnection: () => socket,
    });
    req.setTimeout(dialTimeoutMs, () => req.destroy(new Error(`no answer from the agent at ${endpoint.host}:${endpoint.port} within ${dialTimeoutMs} ms`)));
    return req;
  }

  const unreachable = (endpoint: AgentEndpoint, err: Error): DialResult<never> =>
    ({ ok: false, error: serviceUnavailable(`error dialing the agent at ${endpoint.host}:${endpoint.port}: ${err.message}`) });

  return {
    async logs(pod, query) {
      const endpoint = await endpointFor(pod);
      if (!endpoint.ok) return endpoint;
      const path = agentLogsPath(pod.metadata.namespace ?? 'default', pod.metadata.name ?? '', query);
      const req = await dial(endpoint.value, path, {}).catch((err: Error) => err);
      if (req instanceof Error) return unreachable(endpoint.value, req);
      return new Promise<DialResult<NodeJS.ReadableStream>>((resolve) => {
        req.on('error', (err) => resolve(unreachable(endpoint.value, err)));
        req.on('response', (res) => {
          req.setTimeout(0);
          if (res.statusCode === 200) return resolve({ ok: true, value: res });
          void readBody(res).then((body) => resolve({ ok: false, error: errorFromAgent(res.statusCode ?? 500, body) }));
        });
        req.end();
      });
    },

    async exec(pod, query, upgrade: UpgradeRequest) {
      const endpoint = await endpointFor(pod);
      if (!endpoint.ok) return endpoint;
      const path = agentExecPath(pod.metadata.namespace ?? 'default', pod.metadata.name ?? '', query);
      const headers: OutgoingHttpHeaders = { connection: 'Upgrade', upgrade: 'websocket' };
      for (const h of HANDSHAKE_HEADERS) {
        const v = upgrade.request.headers[h];
        if (v !== undefined) headers[h] = v;
      }
      const req = await dial(endpoint.value, path, headers).catch((err: Error) => err);
      if (req instanceof Error) return unreachable(endpoint.value, req);
      return new Promise<DialResult<void>>((resolve) => {
        req.on('error', (err) => resolve(unreachable(endpoint.value, err)));
        req.on('response', (res) => {
          void readBody(res).then((body) => resolve({ ok: false, error: errorFromAgent(res.statusCode ?? 500, body) }));
        });
        req.on('upgrade', (res, agentSocket: Duplex, agentHead: Buffer) => {
          req.setTimeout(0);
          (agentSocket as Duplex & { setTimeout?: (ms: number) => void }).setTimeout?.(0);
          const client = upgrade.socket;
          if (client.destroyed) { agentSocket.destroy(); return resolve({ ok: true, value: undefined }); }
          client.write(statusLine(res));
          if (agentHead.length > 0) client.write(agentHead);
          if (upgrade.head.length > 0) agentSocket.write(upgrade.head);
          splice(client, agentSocket);
          resolve({ ok: true, value: undefined });
        });
        req.end();
      });
    },
  };
}
