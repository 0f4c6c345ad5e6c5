/**
 * Can this machine run the multi-host harness? Needs Linux, root, iproute2 with `ip netns`,
 * and permission to enter a namespace (`ip netns exec` also makes a mount namespace, which
 * some container sandboxes forbid). Probed by creating and deleting a real namespace.
 */
import { ip, runCommand } from './command.js';
import { makeRunId } from './plan.js';

export type HostNetworkSupport = { supported: true } | { supported: false; reason: string };

export async function hostNetworkSupport(): Promise<HostNetworkSupport> {
  if (process.platform !== 'linux') return { supported: false, reason: `network namespaces need Linux (this is ${process.platform})` };
  if (process.getuid?.() !== 0) return { supported: false, reason: 'creating network namespaces needs root (run the suite as root, as CI does)' };
  const probe = `tug-${makeRunId(process.pid, Math.random)}-probe`;
  try {
    await ip(['netns', 'add', probe]);
  } catch (err) {
    return { supported: false, reason: `\`ip netns add\` failed: ${(err as Error).message}` };
  }
  try {
    const entered = await runCommand('ip', ['netns', 'exec', probe, 'true'], { timeoutMs: 5_000 });
    if (entered.code !== 0) return { supported: false, reason: `\`ip netns exec\` failed: ${entered.stderr.trim()}` };
    return { supported: true };
  } catch (err) {
    return { supported: false, reason: `cannot run ip: ${(err as Error).message}` };
  } finally {
    await ip(['netns', 'del', probe]).catch(() => {});
  }
}

/**
 * When true, an unsupported machine is a failure rather than a skip: on CI (CI set) as
 * root the multi-host suites must run; TUG_REQUIRE_NETNS=1 forces it anywhere.
 */
export function hostNetworkRequired(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.TUG_REQUIRE_NETNS === '1') return true;
  return Boolean(env.CI) && env.CI !== 'false' && process.getuid?.() === 0;
}
