/**
 * A loopback HTTP server that answers kubectl 1.32 with Tugboat's discovery, OpenAPI,
 * Table and protobuf builders only (no store), and records every request. Used to check
 * the documents against the real client, not to test routing.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import * as discovery from '../../../src/apiserver/discovery/index.js';
import { decodeProtobufObject } from '../../../src/api/protobuf/index.js';
import { resourceByPath } from '../../../src/api/resources.js';
import { toTable } from '../../../src/api/tables/index.js';
import type { KubeObject } from '../../../src/api/types.js';

export interface Recorded { method: string; url: string; contentType: string; body: Buffer }

/** kubectl.1.32 beside the gcloud dispatcher, or $KUBECTL_132; undefined when absent. */
export function findKubectl132(): string | undefined {
  if (process.env.KUBECTL_132) return process.env.KUBECTL_132;
  for (const dir of (process.env.PATH ?? '').split(':')) {
    const candidate = path.join(dir, 'kubectl');
    if (!existsSync(candidate)) continue;
    const versioned = path.join(path.dirname(realpathSync(candidate)), 'kubectl.1.32');
    if (existsSync(versioned)) return versioned;
  }
  return undefined;
}

export interface FakeApiServer {
  requests: Recorded[];
  /** Objects served by GET on their item path and (as Tables) on their collection path. */
  objects: Map<string, KubeObject[]>;
  kubectl(args: string[]): Promise<{ stdout: string; stderr: string }>;
  /** Writes a manifest into the server's temp dir (removed by close) and returns its path. */
  file(name: string, content: string): string;
  close(): Promise<void>;
}

function send(res: http.ServerResponse, code: number, body: unknown, contentType = 'application/json'): void {
  res.writeHead(code, { 'content-type': contentType });
  res.end(Buffer.isBuffer(body) ? body : JSON.stringify(body));
}

function route(fake: FakeApiServer, req: http.IncomingMessage, body: Buffer, res: http.ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const p = url.pathname;
  const accept = String(req.headers.accept ?? '');
  if (p === '/version') return send(res, 200, discovery.versionInfo());
  if ((p === '/api' || p === '/apis') && accept.includes('g=apidiscovery.k8s.io;v=v2')) {
    return send(res, 200, discovery.aggregatedDiscovery(p === '/api' ? 'api' : 'apis'), discovery.AGGREGATED_DISCOVERY_CONTENT_TYPE);
  }
  if (p === '/openapi/v3') return send(res, 200, discovery.openapiV3Root());
  if (p.startsWith('/openapi/v3/')) {
    const doc = discovery.openapiV3Document(p);
    return doc ? send(res, 200, doc) : send(res, 404, {});
  }
  if (p === '/openapi/v2') {
    const v2 = discovery.openapiV2Empty();
    return send(res, v2.status, v2.body, v2.contentType);
  }
  if (req.method === 'POST') {
    const decoded = String(req.headers['content-type']).includes('protobuf')
      ? decodeProtobufObject(body) : { ok: true as const, object: JSON.parse(body.toString('utf8')) as KubeObject };
    if (!decoded.ok) return send(res, decoded.error.code, decoded.error.toStatus());
    return send(res, 201, { ...decoded.object, metadata: { namespace: 'default', uid: 'u', resourceVersion: '2', ...decoded.object.metadata } });
  }
  // /apis/{g}/{v}/namespaces/default/{resource}[/{name}] or /api/v1/…
  const m = /^\/(?:api|apis\/([^/]+))\/(v1)\/namespaces\/default\/([^/]+)(?:\/([^/]+))?$/.exec(p);
  const info = m && resourceByPath(m[1] ?? '', m[2], m[3]);
  const items = (info && fake.objects.get(`${m![1] ?? ''}/${m![3]}`)) ?? [];
  if (info && m![4]) {
    const obj = items.find((o) => o.metadata.name === m![4]);
    if (!obj) return send(res, 404, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404, message: `${m![3]} "${m![4]}" not found` });
    return send(res, 200, obj);
  }
  if (info && accept.includes('as=Table')) {
    return send(res, 200, toTable(info, items, { includeObject: 'Metadata', now: new Date(), resourceVersion: '1' }), 'application/json;as=Table;v=v1;g=meta.k8s.io');
  }
  send(res, 404, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404, message: 'the server could not find the requested resource' });
}

const run = promisify(execFile);

export async function startFakeApiServer(kubectlPath: string): Promise<FakeApiServer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'tugboat-kubectl-'));
  const server = http.createServer();
  const fake: FakeApiServer = {
    requests: [],
    objects: new Map(),
    // Async on purpose: a synchronous exec would block this process's server.
    kubectl: (args) => run(kubectlPath, ['--kubeconfig', path.join(dir, 'kubeconfig'), '--cache-dir', path.join(dir, 'cache'), ...args], { timeout: 30_000 }),
    file: (name, content) => {
      const file = path.join(dir, name);
      writeFileSync(file, content);
      return file;
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
      rmSync(dir, { recursive: true, force: true });
    }),
  };
  server.on('request', (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      fake.requests.push({ method: req.method ?? '', url: req.url ?? '', contentType: String(req.headers['content-type'] ?? ''), body });
      route(fake, req, body, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  writeFileSync(path.join(dir, 'kubeconfig'), [
    'apiVersion: v1', 'kind: Config',
    `clusters: [{name: t, cluster: {server: "http://127.0.0.1:${port}"}}]`,
    'users: [{name: u, user: {}}]',
    'contexts: [{name: t, context: {cluster: t, user: u, namespace: default}}]',
    'current-context: t', '',
  ].join('\n'));
  return fake;
}
