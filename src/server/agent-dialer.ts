/**
 * The apiserver's way to the agents (AgentDialer): find the pod's Node, reach the agent
 * endpoint published on it over TLS verified against the cluster CA, and authenticate
 * with the agent proxy token. Logs are a plain HTTPS stream; exec is a transparent proxy
 * of the WebSocket upgrade (the client's handshake is forwarded, the agent's 101 is
 * relayed back, then the two sockets are spliced), as kube-apiserver does with kubelet.
 */
import { request as httpsRequest } from 'node:https';
import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import type { Duplex } from 'node:stream';
import { ApiError, serviceUnavailable } from '../api/errors.js';
import type { StatusReason } from '../api/errors.js';
import type { KubeObject } from '../api/types.js';
import type { AgentDialer, DialResult, PodExecQuery, PodLogQuery, UpgradeRequest } from '../apiserver/types.js';

export interface AgentDialerOptions {
  /** The cluster CA: agents' serving certificates must chain to it. */
  caPem: string;
  /** Bearer token the agents accept from the apiserver. */
  proxyToken: string;
  /** The Node object by name, or undefined. */
  lookupNode(name: string): Promise<KubeObject | undefined>;
  /** Connect + response-headers deadline (default 10 s); streams themselves may idle. */
  dialTimeoutMs?: number;
}

export interface AgentEndpoint {
  host: string;
  port: number;
}

/** Where a Node's agent listens: InternalIP (else Hostname) and daemonEndpoints.kubeletEndpoint.Port. */
export function agentEndpointOf(node: KubeObject): DialResult<AgentEndpoint> {
  const name = node.metadata.name ?? '';
  const addresses = (node.status?.addresses ?? []) as Array<{ type?: string; address?: string }>;
  const host = addresses.find((a) => a.type === 'InternalIP')?.address ?? addresses.find((a) => a.type === 'Hostname')?.address;
  const port = Number(node.status?.daemonEndpoints?.kubeletEndpoint?.Port ?? 0);
  if (!host) return { ok: false, error: serviceUnavailable(`node "${name}" has no address`) };
  if (!Number.isInteger(port) || port <= 0 || port > 65535) return { ok: false, error: serviceUnavailable(`no agent endpoint is published for node "${name}"`) };
  return { ok: true, value: { host, port } };
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

  function dial(endpoint: AgentEndpoint, path: string, extraHeaders: OutgoingHttpHeaders) {
    const req = httpsRequest({
      host: endpoint.host, port: endpoint.port, path, method: 'GET', ca: options.caPem, agent: false,
      headers: { ...extraHeaders, authorization: `Bearer ${options.proxyToken}` },
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
      return new Promise<DialResult<NodeJS.ReadableStream>>((resolve) => {
        const req = dial(endpoint.value, path, {});
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
      return new Promise<DialResult<void>>((resolve) => {
        const req = dial(endpoint.value, path, headers);
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
