/**
 * Shared pieces of the multi-host failure suites (test/e2e/hosts failover, partition) and the failover
 * benchmark: the test app as a process-runtime Deployment, pod queries, polling.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { resourceByKind } from '../../../src/api/resources.js';
import type { KubeObject } from '../../../src/api/types.js';
import type { ApiClient } from '../../../src/client/index.js';
import { repoRoot } from '../cluster/tug.js';

export const PODS = resourceByKind('v1', 'Pod')!;
export const NODES = resourceByKind('v1', 'Node')!;
export const DEPLOYMENTS = resourceByKind('apps/v1', 'Deployment')!;

/** The marker argument on the app's command line: how a host's process table tells copies apart. */
export const appMarker = (name: string) => `--app=${name}`;

/** The HTTP test app, run by node on the host (process runtime; the image is only recorded). */
export function appDeployment(name: string, replicas: number, opts: { atMostOnce?: boolean } = {}): KubeObject {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment',
    metadata: { name, namespace: 'default' },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      // An at-most-once Deployment must not overlap old and new pods in a rollout either.
      ...(opts.atMostOnce ? { strategy: { type: 'Recreate' } } : {}),
      template: {
        metadata: { labels: { app: name }, ...(opts.atMostOnce ? { annotations: { 'tugboat.io/at-most-once': 'true' } } : {}) },
        spec: {
          terminationGracePeriodSeconds: 2,
          containers: [{
            name: 'app', image: 'tug-node:1',
            command: [process.execPath, join(repoRoot(), 'scripts', 'images', 'app', 'server.js'), appMarker(name)],
            ports: [{ containerPort: 8080 }],
          }],
        },
      },
    },
  };
}

export const isReady = (pod: KubeObject) =>
  pod.status?.phase === 'Running' && !pod.metadata.deletionTimestamp &&
  (pod.status?.conditions as Array<{ type: string; status: string }> | undefined)?.some((c) => c.type === 'Ready' && c.status === 'True') === true;

export async function podsOf(client: ApiClient, app: string): Promise<KubeObject[]> {
  return (await client.list(PODS, { namespace: 'default', labelSelector: `app=${app}` })).items;
}

export async function readyPodsOf(client: ApiClient, app: string): Promise<KubeObject[]> {
  return (await podsOf(client, app)).filter(isReady);
}

export function nodeReadyStatus(node: KubeObject): string | undefined {
  return (node.status?.conditions as Array<{ type: string; status: string }> | undefined)?.find((c) => c.type === 'Ready')?.status;
}

export const restartsOf = (pod: KubeObject) =>
  ((pod.status?.containerStatuses ?? []) as Array<{ restartCount?: number }>).reduce((n, c) => n + (c.restartCount ?? 0), 0);

/** Counts per node name. */
export function spreadOf(pods: KubeObject[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const p of pods) counts[p.spec?.nodeName ?? ''] = (counts[p.spec?.nodeName ?? ''] ?? 0) + 1;
  return counts;
}

/** Polls `check` every `everyMs` until it returns a value other than undefined; fails after timeoutMs with `describe()`. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs: number, describe: () => Promise<string> | string = () => '', everyMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) assert.fail(`${what}: not within ${timeoutMs} ms. ${await describe()}`);
    await sleep(everyMs);
  }
}

export async function describePods(client: ApiClient, app: string): Promise<string> {
  const pods = await podsOf(client, app).catch((err: unknown) => { throw new Error(`cannot list pods: ${String(err)}`); });
  return pods.map((p) => `${p.metadata.name}@${p.spec?.nodeName}:${p.status?.phase}${isReady(p) ? '/Ready' : ''}${p.metadata.deletionTimestamp ? '/deleting' : ''}`).join(', ');
}
