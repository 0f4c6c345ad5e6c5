/**
 * createHostNetwork: N hosts as network namespaces on one bridge that lives in its own
 * "switch" namespace, so the root namespace's links and routes are never touched.
 * See README.md for the topology and the cleanup guarantees.
 */
import { registerForCleanup, startWatchdog } from './cleanup.js';
import { ip, ipSync } from './command.js';
import { createHost, type Host, type ManagedHost } from './host.js';
import { hostBatch, hostNames, makeRunId, planNetwork, randomSubnet, switchBatch, type NetworkPlan } from './plan.js';

export interface HostNetworkOptions {
  /** A count (hosts h1…hN) or names (lower-case letters, digits, '-'; 'switch' is reserved). */
  hosts: number | readonly string[];
  /** A private /24; default 10.251.X.0/24 with a random X. */
  subnet?: string;
  /** Randomness for the run id and the default subnet (injected so a test can pin them). */
  random?: () => number;
}

export interface HostNetwork {
  readonly runId: string;
  readonly subnet: string;
  readonly switchNamespace: string;
  readonly bridge: string;
  readonly hosts: readonly Host[];
  /** The host called `name`; throws for an unknown name (a typo in a test, not an outcome). */
  host(name: string): Host;
  /** Every namespace this network created: the hosts' and the switch's. */
  namespaces(): string[];
  /** Kills every process in every host, then deletes the namespaces (which removes veths and bridge). Idempotent. */
  destroy(): Promise<void>;
}

function allNamespaces(plan: NetworkPlan): string[] {
  return [...plan.hosts.map((h) => h.namespace), plan.switchNamespace];
}

async function build(plan: NetworkPlan): Promise<void> {
  await ip(['-batch', '-'], allNamespaces(plan).map((ns) => `netns add ${ns}`).join('\n') + '\n');
  await ip(['-n', plan.switchNamespace, '-batch', '-'], switchBatch(plan).join('\n') + '\n');
  await Promise.all(plan.hosts.map((host) => ip(['-n', host.namespace, '-batch', '-'], hostBatch(host).join('\n') + '\n')));
}

export async function createHostNetwork(options: HostNetworkOptions): Promise<HostNetwork> {
  const random = options.random ?? Math.random;
  const plan = planNetwork(makeRunId(process.pid, random), hostNames(options.hosts), options.subnet ?? randomSubnet(random));
  const hosts: ManagedHost[] = plan.hosts.map((h) => createHost(h, plan.switchNamespace));

  const watchdog = startWatchdog(plan.runId);
  const deleteNamespacesSync = () => { for (const ns of allNamespaces(plan)) ipSync(['netns', 'del', ns]); };
  const destroySync = () => {
    for (const host of hosts) host.killSync();
    deleteNamespacesSync();
    watchdog.stop();
  };
  // Registered before the first namespace exists, so a crash half-way through building is cleaned too.
  const unregister = registerForCleanup({ destroySync });

  try {
    await build(plan);
  } catch (err) {
    destroySync();
    unregister();
    throw err;
  }

  let destroying: Promise<void> | undefined;
  const destroy = async (): Promise<void> => {
    const failures = (await Promise.allSettled(hosts.map((h) => h.kill()))).filter((r) => r.status === 'rejected');
    // -force: carry on past a namespace that is already gone.
    await ip(['-force', '-batch', '-'], allNamespaces(plan).map((ns) => `netns del ${ns}`).join('\n') + '\n').catch(() => deleteNamespacesSync());
    watchdog.stop();
    unregister();
    if (failures.length > 0) throw new Error(`destroy: ${failures.map((f) => String((f as PromiseRejectedResult).reason)).join('; ')}`);
  };

  return {
    runId: plan.runId,
    subnet: plan.subnet,
    switchNamespace: plan.switchNamespace,
    bridge: plan.bridge,
    hosts,
    host(name) {
      const found = hosts.find((h) => h.name === name);
      if (!found) throw new Error(`no host ${name} in network ${plan.runId} (hosts: ${hosts.map((h) => h.name).join(', ')})`);
      return found;
    },
    namespaces: () => allNamespaces(plan),
    destroy() {
      destroying ??= destroy();
      return destroying;
    },
  };
}
