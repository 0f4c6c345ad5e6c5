/**
 * Multi-node scheduling against a real `tug server` (no embedded agent): three hollow
 * agents run in this process, so placement, taints, cordon and drain are exercised end to
 * end through kubectl without Docker. One server and one set of nodes for the whole file;
 * each case uses its own labels. Cases run in order (later ones rely on earlier pods).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTug, type TugCluster } from '../../support/cluster/index.js';
import { startHollowAgents, type HollowAgents } from '../../support/hollow/index.js';
import { eventually, kubectlOk, tally } from './support.js';

interface PodView { name: string; node: string; phase: string; deleting: boolean; conditions: any[] }

function deployment(name: string, replicas: number, extra: { tolerations?: unknown[]; nodeSelector?: Record<string, string> } = {}): string {
  return JSON.stringify({
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name },
    spec: {
      replicas, selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'app', image: 'registry.example/app:1' }], terminationGracePeriodSeconds: 1, ...extra },
      },
    },
  });
}

function pod(name: string, spec: Record<string, unknown>): string {
  return JSON.stringify({
    apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { app: name } },
    spec: { containers: [{ name: 'app', image: 'registry.example/app:1' }], terminationGracePeriodSeconds: 1, ...spec },
  });
}

void describe('scheduling over hollow nodes', () => {
  let cluster: TugCluster;
  let agents: HollowAgents | undefined;

  void before(async () => {
    cluster = await startTug({ command: 'server' });
    agents = await startHollowAgents(3, { url: cluster.url, caPem: cluster.caPem, token: cluster.token });
  });
  void after(async () => {
    await agents?.stop();
    await cluster?.dispose();
  });

  const ok = (args: string[], input?: string) => kubectlOk(cluster, args, input);

  async function pods(selector: string): Promise<PodView[]> {
    const list = JSON.parse(await ok(['get', 'pods', '-l', selector, '-o', 'json'])) as { items: any[] };
    return list.items.map((p) => ({
      name: p.metadata.name, node: p.spec.nodeName ?? '', phase: p.status?.phase ?? '',
      deleting: Boolean(p.metadata.deletionTimestamp), conditions: p.status?.conditions ?? [],
    }));
  }

  /** Waits until `count` live pods match the selector and all are bound; returns them. */
  async function boundPods(selector: string, count: number): Promise<PodView[]> {
    let seen: PodView[] = [];
    return eventually(`${count} bound pods for ${selector}`, async () => {
      seen = (await pods(selector)).filter((p) => !p.deleting);
      return seen.length === count && seen.every((p) => p.node) ? seen : undefined;
    }, { timeoutMs: 30_000, describe: async () => JSON.stringify(seen) });
  }

  void it('registers the three hollow nodes as Ready', async () => {
    const out = await ok(['get', 'nodes', '-o', 'jsonpath={range .items[*]}{.metadata.name}={.status.conditions[?(@.type=="Ready")].status}{"\\n"}{end}']);
    assert.deepEqual(out.trim().split('\n').sort(), ['hollow-0=True', 'hollow-1=True', 'hollow-2=True']);
  });

  void it('spreads a 6-replica Deployment 2/2/2 over 3 nodes', async () => {
    await ok(['apply', '-f', '-'], deployment('spread', 6));
    const placed = await boundPods('app=spread', 6);
    assert.deepEqual(tally(placed.map((p) => p.node)), { 'hollow-0': 2, 'hollow-1': 2, 'hollow-2': 2 });
  });

  void it('leaves a pod that fits nowhere Pending, with PodScheduled=False and a FailedScheduling event', async () => {
    await ok(['apply', '-f', '-'], pod('too-big', {
      containers: [{ name: 'app', image: 'registry.example/app:1', resources: { requests: { memory: '64Ti' } } }],
    }));
    const condition = await eventually('PodScheduled=False on too-big', async () => {
      const [p] = await pods('app=too-big');
      return p?.conditions.find((c) => c.type === 'PodScheduled' && c.status === 'False');
    });
    assert.equal(condition.reason, 'Unschedulable');
    assert.equal(condition.message, '0/3 nodes are available: 3 Insufficient memory.');
    const [p] = await pods('app=too-big');
    assert.equal(p.node, '');
    assert.equal(p.phase, 'Pending');
    const event = await eventually('FailedScheduling event for too-big', async () => {
      const events = JSON.parse(await ok(['get', 'events', '-o', 'json'])) as { items: any[] };
      return events.items.find((e) => e.involvedObject?.name === 'too-big' && e.reason === 'FailedScheduling');
    });
    assert.equal(event.type, 'Warning');
    assert.equal(event.message, '0/3 nodes are available: 3 Insufficient memory.');
    await ok(['delete', 'pod', 'too-big', '--wait=false']);
  });

  void it('places only tolerating pods on a tainted node', async () => {
    await ok(['taint', 'nodes', 'hollow-2', 'dedicated=db:NoSchedule']);
    await ok(['apply', '-f', '-'], deployment('plain', 6));
    const plain = await boundPods('app=plain', 6);
    assert.ok(plain.every((p) => p.node !== 'hollow-2'), `a non-tolerating pod landed on the tainted node: ${JSON.stringify(tally(plain.map((p) => p.node)))}`);

    const toleration = { key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoSchedule' };
    // Pinned to the tainted node: only the toleration lets it in.
    await ok(['apply', '-f', '-'], pod('db', { tolerations: [toleration], nodeSelector: { 'kubernetes.io/hostname': 'hollow-2' } }));
    const [db] = await boundPods('app=db', 1);
    assert.equal(db.node, 'hollow-2');

    await ok(['apply', '-f', '-'], pod('not-db', { nodeSelector: { 'kubernetes.io/hostname': 'hollow-2' } }));
    const condition = await eventually('PodScheduled=False on not-db', async () => {
      const [p] = await pods('app=not-db');
      return p?.conditions.find((c) => c.type === 'PodScheduled' && c.status === 'False');
    });
    assert.match(condition.message, /^0\/3 nodes are available: /);
    assert.match(condition.message, /untolerated taint/);
    await ok(['delete', 'pod', 'not-db', 'db', '--wait=false']);
    await ok(['taint', 'nodes', 'hollow-2', 'dedicated=db:NoSchedule-']);
  });

  void it('keeps new pods off a cordoned node', async () => {
    assert.match(await ok(['cordon', 'hollow-0']), /node\/hollow-0 cordoned/);
    assert.equal(await ok(['get', 'node', 'hollow-0', '-o', 'jsonpath={.spec.unschedulable}']), 'true');
    await ok(['apply', '-f', '-'], deployment('after-cordon', 6));
    const placed = await boundPods('app=after-cordon', 6);
    assert.ok(placed.every((p) => p.node !== 'hollow-0'), JSON.stringify(tally(placed.map((p) => p.node))));
  });

  void it('drains a node: its pods are evicted and recreated on other nodes', async () => {
    const before = (await pods('app in (spread,plain)')).filter((p) => p.node === 'hollow-0' && !p.deleting);
    assert.ok(before.length > 0, 'the earlier cases left pods on hollow-0 to drain');
    const drained = await cluster.kubectl(['drain', 'hollow-0', '--ignore-daemonsets', '--force', '--timeout=60s']);
    assert.equal(drained.code, 0, `${drained.stdout}\n${drained.stderr}\n${cluster.logs().slice(-3000)}`);
    for (const p of before) assert.match(drained.stdout + drained.stderr, new RegExp(`pod/${p.name} evicted`));
    assert.match(drained.stdout, /node\/hollow-0 drained/);
    const spread = await boundPods('app=spread', 6);
    const plain = await boundPods('app=plain', 6);
    const nodes = [...spread, ...plain].map((p) => p.node);
    assert.ok(!nodes.includes('hollow-0'), JSON.stringify(tally(nodes)));
    const names = new Set([...spread, ...plain].map((p) => p.name));
    for (const p of before) assert.ok(!names.has(p.name), `${p.name} was evicted, so it must have been replaced`);
  });

  void it('uncordons a node: it takes new pods again', async () => {
    assert.match(await ok(['uncordon', 'hollow-0']), /node\/hollow-0 uncordoned/);
    assert.equal(await ok(['get', 'node', 'hollow-0', '-o', 'jsonpath={.spec.unschedulable}']), '');
    // hollow-0 is now the emptiest node, so the spread score sends the new pods there first.
    await ok(['apply', '-f', '-'], deployment('after-uncordon', 3));
    const placed = await boundPods('app=after-uncordon', 3);
    assert.ok(placed.some((p) => p.node === 'hollow-0'), JSON.stringify(tally(placed.map((p) => p.node))));
  });
});
