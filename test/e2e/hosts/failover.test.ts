/**
 * Host failure on the multi-host harness (issue 5 "Must hold"): `tug server` in one network
 * namespace, three `tug agent --runtime process` in three others. One cluster start-up for
 * both cases: first the server is killed (-9) and restarted under running agents (nothing
 * may move or restart), then a whole agent host is killed (its pods must come back on the
 * two survivors). Needs root and `ip netns`; skips otherwise (fails on CI as root).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describeWithHostNetwork, hostNetworkSupport } from '../../support/hosts/index.js';
import { startTugHosts, type TugHosts } from '../../support/hosts/tug-hosts.js';
import { scanHostProcesses } from '../../support/hosts/proc-scan.js';
import { resourceByKind } from '../../../src/api/resources.js';
import {
  appDeployment, appMarker, DEPLOYMENTS, describePods, NODES, nodeReadyStatus, podsOf, readyPodsOf, restartsOf, spreadOf, waitFor,
} from '../../support/hosts/tug-workloads.js';

const LEASES = resourceByKind('coordination.k8s.io/v1', 'Lease')!;
const support = await hostNetworkSupport();
/** Node grace 4 s + eviction 2 s + fence margin, with slack: long enough for any wrong eviction to show. */
const QUIET_WINDOW_MS = 9_000;

describeWithHostNetwork(support, 'host failure (multi-host)', () => {
  void describe('host failure (multi-host): server + 3 process-runtime agents, 6 replicas', () => {
    let cluster: TugHosts | undefined;
    const c = () => cluster!;
    const dump = async () => `pods: ${await describePods(c().client, 'web').catch(String)}\n--- logs (tail) ---\n${c().logs().split('\n').slice(-60).join('\n')}`;

    before(async () => {
      assert.ok(support.supported, `multi-host suites are required here but cannot run: ${support.supported ? '' : support.reason}`);
      cluster = await startTugHosts({ agents: ['a1', 'a2', 'a3'] });
      await c().client.create(DEPLOYMENTS, appDeployment('web', 6));
      await waitFor('6 replicas Ready', async () => ((await readyPodsOf(c().client, 'web')).length === 6 ? true : undefined), 60_000, dump);
    });
    after(async () => { await cluster?.destroy(); });

    it('spreads the 6 replicas 2/2/2', async () => {
      assert.deepEqual(spreadOf(await readyPodsOf(c().client, 'web')), { a1: 2, a2: 2, a3: 2 }, await dump());
    });

    it('server kill -9 and restart: agents reconnect, nothing is rescheduled, no container restarts', async () => {
      const before = new Map((await podsOf(c().client, 'web')).map((p) => [p.metadata.name!, { uid: p.metadata.uid, node: p.spec?.nodeName }]));
      const pidsBefore = scanHostProcesses(c().agentHosts, appMarker('web')).map((p) => `${p.host}:${p.pid}`).sort();
      assert.equal(pidsBefore.length, 6);

      await c().serverHost.kill();
      await c().startServer();
      const restartedAt = new Date().toISOString();
      // Every agent renews its Lease with the new server process.
      await waitFor('all agents renewed their Lease after the restart', async () => {
        const leases = (await c().client.list(LEASES, { namespace: 'kube-node-lease' })).items;
        const renewed = leases.filter((l) => ['a1', 'a2', 'a3'].includes(l.metadata.name!) && String(l.spec?.renewTime) > restartedAt);
        return renewed.length === 3 ? true : undefined;
      }, 30_000, dump);
      await sleep(QUIET_WINDOW_MS);

      const after = await podsOf(c().client, 'web');
      assert.deepEqual(new Map(after.map((p) => [p.metadata.name!, { uid: p.metadata.uid, node: p.spec?.nodeName }])), before, 'same pods on the same nodes');
      assert.deepEqual(after.map(restartsOf), [0, 0, 0, 0, 0, 0], 'no container restarts');
      assert.deepEqual(scanHostProcesses(c().agentHosts, appMarker('web')).map((p) => `${p.host}:${p.pid}`).sort(), pidsBefore, 'the same processes still run');
      for (const node of (await c().client.list(NODES)).items) assert.equal(nodeReadyStatus(node), 'True', node.metadata.name);
    });

    it('kill a host: 6 replicas Running and Ready on the 2 survivors, the dead node NotReady', async () => {
      const dead = c().agentHosts[2];
      await dead.kill();
      const ready = await waitFor('6 replicas Ready on the survivors', async () => {
        const pods = await readyPodsOf(c().client, 'web');
        return pods.length === 6 && pods.every((p) => p.spec?.nodeName !== dead.name) ? pods : undefined;
      }, 45_000, dump);
      assert.deepEqual(Object.keys(spreadOf(ready)).sort(), ['a1', 'a2']);
      assert.equal((await podsOf(c().client, 'web')).filter((p) => !p.metadata.deletionTimestamp).length, 6, 'exactly 6 replicas');
      const node = await c().client.get(NODES, undefined, dead.name);
      assert.notEqual(nodeReadyStatus(node), 'True', 'the dead node is NotReady');
      assert.ok((node.spec?.taints as Array<{ key: string }> | undefined)?.some((t) => t.key === 'node.kubernetes.io/unreachable'));
      assert.equal(scanHostProcesses(c().agentHosts.slice(0, 2), appMarker('web')).length, 6, 'six app processes on the survivors');
    });
  });
});
