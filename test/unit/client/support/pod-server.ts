/**
 * A tiny list+watch apiserver for pods, scripted by the test: objects can change
 * silently (as if the informer missed the events), watch streams can be ended
 * (server timeout) or expired (410 ERROR event), and the next watch can be refused.
 */
import type { ServerResponse } from 'node:http';
import type { KubeObject, WatchEvent } from '../../../../src/api/types.js';
import { expired } from '../../../../src/api/errors.js';
import { sendJson, startTestServer, type RecordedRequest, type TestServer } from './test-server.js';

export interface PodServer extends TestServer {
  /** Creates or replaces a pod; tells open watches unless `silent`. */
  put(pod: KubeObject, opts?: { silent?: boolean }): KubeObject;
  remove(namespace: string, name: string, opts?: { silent?: boolean }): void;
  /** Sends a raw event to open watches. */
  send(event: WatchEvent<unknown>): void;
  endWatches(): void;
  expireWatches(): void;
  /** The next watch request is answered with this HTTP status (a Status body) instead. */
  refuseNextWatch(code: number): void;
  watchCount(): number;
  lists(): RecordedRequest[];
  watches(): RecordedRequest[];
  currentRv(): number;
}

export function aPod(name: string, extra: { namespace?: string; nodeName?: string; labels?: Record<string, string> } = {}): KubeObject {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name, namespace: extra.namespace ?? 'default', uid: `uid-${name}`, ...(extra.labels ? { labels: extra.labels } : {}) },
    spec: { containers: [{ name: 'c', image: 'nginx' }], ...(extra.nodeName ? { nodeName: extra.nodeName } : {}) },
  };
}

export async function startPodServer(): Promise<PodServer> {
  const pods = new Map<string, KubeObject>();
  const watchers = new Set<ServerResponse>();
  let rv = 100;
  let refusal: number | undefined;
  const key = (o: KubeObject) => `${o.metadata.namespace}/${o.metadata.name}`;

  const broadcast = (event: WatchEvent<unknown>) => {
    for (const w of watchers) w.write(`${JSON.stringify(event)}\n`);
  };

  const endWatches = () => {
    for (const w of watchers) w.end();
    watchers.clear();
  };

  const server = await startTestServer((req, res) => {
    if (req.method !== 'GET' || !/^\/api\/v1\/(namespaces\/[^/]+\/)?pods$/.test(req.path)) {
      return sendJson(res, 404, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'the server could not find the requested resource', reason: 'NotFound', code: 404 });
    }
    const watching = req.query.get('watch');
    if (watching === '1' || watching === 'true') {
      if (refusal !== undefined) {
        const code = refusal;
        refusal = undefined;
        return sendJson(res, code, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: `refused with ${code}`, reason: code === 410 ? 'Expired' : 'InternalError', code });
      }
      res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
      res.flushHeaders();
      watchers.add(res);
      res.on('close', () => watchers.delete(res));
      return;
    }
    // List items without apiVersion/kind, as a real apiserver sends them.
    const items = [...pods.values()].map(({ apiVersion: _a, kind: _k, ...rest }) => rest);
    sendJson(res, 200, { apiVersion: 'v1', kind: 'PodList', metadata: { resourceVersion: String(rv) }, items });
  });

  return {
    ...server,
    put(pod, opts = {}) {
      const stored = structuredClone(pod);
      stored.metadata.resourceVersion = String(++rv);
      const existed = pods.has(key(stored));
      pods.set(key(stored), stored);
      if (!opts.silent) broadcast({ type: existed ? 'MODIFIED' : 'ADDED', object: stored });
      return stored;
    },
    remove(namespace, name, opts = {}) {
      const k = `${namespace}/${name}`;
      const old = pods.get(k);
      pods.delete(k);
      if (old && !opts.silent) broadcast({ type: 'DELETED', object: { ...old, metadata: { ...old.metadata, resourceVersion: String(++rv) } } });
    },
    send: broadcast,
    endWatches,
    expireWatches() {
      broadcast({ type: 'ERROR', object: expired(1, rv).toStatus() });
      endWatches();
    },
    refuseNextWatch(code) {
      refusal = code;
    },
    watchCount: () => watchers.size,
    lists: () => server.requests.filter((r) => !r.query.has('watch')),
    watches: () => server.requests.filter((r) => r.query.has('watch')),
    currentRv: () => rv,
  };
}
