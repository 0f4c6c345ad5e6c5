/** Builders and a server fixture for the apiserver tests (inject() and real listening). */
import type { TestContext } from 'node:test';
import { pino } from 'pino';
import { createApiServer, staticTokenAuthenticator, type AgentDialer, type ApiServer, type Clock } from '../../../src/apiserver/index.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openMemoryStore, openSqliteStore, type Store } from '../../../src/store/index.js';

export const TOKEN = 'test-token';
export const AUTH = { authorization: `Bearer ${TOKEN}` };

export class FakeClock implements Clock {
  constructor(public current = new Date('2026-01-01T00:00:00Z')) {}
  now(): number {
    return this.current.getTime();
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export interface Fixture {
  server: ApiServer;
  store: Store;
  clock: FakeClock;
  /** inject() with the bearer token and a JSON body. */
  call(method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<{ statusCode: number; json: any; headers: Record<string, unknown>; body: string }>;
}

export async function startFixture(t: TestContext, options: { bodyLimitBytes?: number; agentDialer?: AgentDialer; bookmarkIntervalMs?: number; store?: Store } = {}): Promise<Fixture> {
  const store = options.store ?? await openMemoryStore();
  const clock = new FakeClock();
  const server = createApiServer({
    store, clock, logger: pino({ level: 'silent' }),
    tokens: staticTokenAuthenticator({ [TOKEN]: { user: 'admin', groups: ['system:masters'] } }),
    ...options,
  });
  t.after(async () => {
    await server.close();
    await store.close();
  });
  await server.app.ready();
  const call: Fixture['call'] = async (method, url, body, headers = {}) => {
    const payload = body === undefined ? undefined : typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
    const merged: Record<string, string> = { ...AUTH, ...(payload !== undefined ? { 'content-type': 'application/json' } : {}), ...headers };
    // An empty header value means "send no such header" (e.g. kubectl scale's body without Content-Type).
    for (const [k, v] of Object.entries(merged)) if (v === '') delete merged[k];
    const res = await server.app.inject({ method: method as 'GET', url, payload, headers: merged });
    let json: unknown;
    try {
      json = JSON.parse(res.body);
    } catch {
      json = undefined;
    }
    return { statusCode: res.statusCode, json, headers: res.headers, body: res.body };
  };
  return { server, store, clock, call };
}

export function aPod(name: string, opts: { namespace?: string; labels?: Record<string, string>; node?: string; finalizers?: string[] } = {}): any {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name, namespace: opts.namespace, labels: opts.labels, finalizers: opts.finalizers },
    spec: { containers: [{ name: 'main', image: 'nginx:1.27' }], ...(opts.node ? { nodeName: opts.node } : {}) },
  };
}

export function aConfigMap(name: string, data: Record<string, string> = { a: '1' }, labels?: Record<string, string>): any {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels }, data };
}

export function aDeployment(name: string, replicas = 2): any {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment',
    metadata: { name, labels: { app: name } },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.26' }] } },
    },
  };
}

/** A SQLite store in a temp dir, removed after the test (the fixture closes the store first). */
export async function sqliteStore(t: TestContext): Promise<{ store: Store; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'tug-apiserver-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return { store: await openSqliteStore({ path: join(dir, 'state.db') }), dir };
}
