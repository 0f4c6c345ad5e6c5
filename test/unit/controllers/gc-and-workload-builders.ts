/**
 * Fixtures and a harness for the garbage collector, namespace, DaemonSet and Job controller
 * tests: object builders, and runController() which wires a controller to the recording
 * fake client with real informers, a FakeClock and a recorder of events.
 */
import assert from 'node:assert/strict';
import { pino } from 'pino';
import type { KubeObject, OwnerReference } from '../../../src/api/types.js';
import { createApiServer, staticTokenAuthenticator } from '../../../src/apiserver/index.js';
import { createFakeClient, createHttpClient, createInformerFactory, FakeClock, realClock, type FakeClient, type HttpApiClient, type InformerFactory } from '../../../src/client/index.js';
import { openMemoryStore } from '../../../src/store/index.js';
import type { Controller, ControllerContext } from '../../../src/controllers/runtime/controller.js';
import { T0 } from './builders.js';

export { T0 };

let serial = 0;

export function ownerRef(owner: KubeObject, opts: { controller?: boolean; block?: boolean } = {}): OwnerReference {
  return {
    apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name!, uid: owner.metadata.uid!,
    ...(opts.controller === false ? {} : { controller: true }),
    ...(opts.block ? { blockOwnerDeletion: true } : {}),
  };
}

export function anObject(kind: 'Deployment' | 'ReplicaSet' | 'Pod' | 'ConfigMap' | 'Job' | 'DaemonSet', opts: {
  name?: string; namespace?: string; uid?: string; owners?: OwnerReference[]; finalizers?: string[]; deleting?: boolean; spec?: unknown;
} = {}): KubeObject {
  const n = ++serial;
  const apiVersion = kind === 'Pod' || kind === 'ConfigMap' ? 'v1' : kind === 'Job' ? 'batch/v1' : 'apps/v1';
  const name = opts.name ?? `${kind.toLowerCase()}-${n}`;
  return {
    apiVersion, kind,
    metadata: {
      name, namespace: opts.namespace ?? 'default', uid: opts.uid ?? `uid-${name}`, resourceVersion: String(n),
      creationTimestamp: new Date(T0).toISOString(),
      ...(opts.owners ? { ownerReferences: opts.owners } : {}),
      ...(opts.finalizers ? { finalizers: opts.finalizers } : {}),
      ...(opts.deleting ? { deletionTimestamp: new Date(T0).toISOString() } : {}),
    },
    ...(opts.spec !== undefined ? { spec: opts.spec } : kind === 'Pod' ? { spec: { containers: [{ name: 'c', image: 'img' }] } } : {}),
  };
}

export function aNode(name: string, opts: { labels?: Record<string, string>; taints?: unknown[]; unschedulable?: boolean } = {}): KubeObject {
  return {
    apiVersion: 'v1', kind: 'Node',
    metadata: { name, uid: `node-uid-${name}`, resourceVersion: '1', labels: { 'kubernetes.io/hostname': name, ...(opts.labels ?? {}) } },
    spec: { ...(opts.taints ? { taints: opts.taints } : {}), ...(opts.unschedulable ? { unschedulable: true } : {}) },
    status: { conditions: [{ type: 'Ready', status: 'True' }] },
  };
}

export interface Harness {
  client: FakeClient;
  clock: FakeClock;
  /** The controllers' own informer factory (to wait on what they have seen). */
  informers: InformerFactory;
  events: Array<{ object: string; type: string; reason: string; message: string }>;
}

/** Starts `make(ctx)` (one controller or several sharing ctx) against a fake cluster holding `objects`; everything stops after the test. */
export async function runController(
  t: { after(fn: () => unknown): void },
  objects: KubeObject[],
  make: (ctx: ControllerContext) => Controller | Controller[],
  given: { client?: FakeClient; clock?: FakeClock } = {},
): Promise<Harness> {
  const clock = given.clock ?? new FakeClock(T0);
  const client = given.client ?? createFakeClient(objects, { clock });
  const informers = createInformerFactory(client, { clock });
  const events: Harness['events'] = [];
  const ctx: ControllerContext = {
    client, informers, clock, logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    events: { record: (o, { type, reason, message }) => void events.push({ object: o.metadata.name ?? '', type, reason, message }), flush: async () => undefined },
  };
  const made = make(ctx);
  const controllers = Array.isArray(made) ? made : [made];
  const stop = new AbortController();
  informers.start(stop.signal);
  assert.equal(await informers.waitForSync(stop.signal), true);
  const running = controllers.map((c) => c.run(stop.signal));
  t.after(async () => {
    stop.abort();
    client.closeWatches();
    await Promise.all(running);
  });
  return { client, clock, informers, events };
}

/** Lets the fake watches, informers and workers run until `cond` holds; fails after `rounds` tries. */
export async function eventually(cond: () => boolean | Promise<boolean>, what: string, rounds = 500): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 1));
  }
  assert.fail(`never happened: ${what}`);
}

/**
 * The real apiserver on loopback HTTP with a memory store, and `makers` running against it
 * through the HTTP client (real time). stop() ends controllers, client, server and store.
 */
export async function startApiCluster(makers: Array<(ctx: ControllerContext) => Controller>): Promise<{ client: HttpApiClient; stop(): Promise<void> }> {
  const store = await openMemoryStore();
  const server = createApiServer({ store, logger: pino({ level: 'silent' }), tokens: staticTokenAuthenticator({ tok: { user: 'admin', groups: ['system:masters'] } }) });
  const { url } = await server.listen({ host: '127.0.0.1', port: 0 });
  const client = createHttpClient({ server: url, token: 'tok' });
  const informers = createInformerFactory(client);
  const ctx: ControllerContext = { client, informers, clock: realClock, logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }), events: { record() {}, flush: async () => undefined } };
  const controllers = makers.map((make) => make(ctx));
  const abort = new AbortController();
  informers.start(abort.signal);
  await informers.waitForSync(abort.signal);
  const runs = controllers.map((c) => c.run(abort.signal));
  return {
    client,
    async stop() {
      abort.abort();
      await Promise.all(runs);
      await client.close();
      await server.close();
      await store.close();
    },
  };
}

/** Polls (real time) until `cond` holds; fails after ~10 s. For tests against the real apiserver. */
export async function eventuallyReal(cond: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  assert.fail(`never happened: ${what}`);
}
