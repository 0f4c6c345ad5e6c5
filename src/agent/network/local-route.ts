/**
 * Makes a whole service range local on this host, once: `ip route replace local <cidr> dev lo`.
 * Then the proxy and the DNS server can bind any ClusterIP, and a container's packet to a
 * ClusterIP (sent to its bridge gateway, the host) is delivered to them. 127.0.0.0/8 is local
 * already. Needs CAP_NET_ADMIN; a failure is a value the caller turns into a warning.
 */
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { isLoopbackRange } from '../../net/network-settings.js';

export type RouteOutcome = { ok: true; changed: boolean } | { ok: false; message: string };

export type CommandRunner = (command: string, args: string[]) => Promise<{ code: number; stderr: string }>;

export function runCommand(command: string, args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('error', (err) => resolve({ code: 127, stderr: err.message }));
    child.on('close', (code) => resolve({ code: code ?? 1, stderr: stderr.trim() }));
  });
}

export function localRouteArgs(serviceCIDR: string): string[] {
  return ['route', 'replace', 'local', serviceCIDR, 'dev', 'lo'];
}

export async function makeRangeLocal(serviceCIDR: string, run: CommandRunner = runCommand): Promise<RouteOutcome> {
  if (isLoopbackRange(serviceCIDR)) return { ok: true, changed: false };
  const result = await run('ip', localRouteArgs(serviceCIDR));
  return result.code === 0 ? { ok: true, changed: true } : { ok: false, message: `ip ${localRouteArgs(serviceCIDR).join(' ')}: ${result.stderr || `exit ${result.code}`}` };
}

/**
 * Kernel forwarding (nft) DNATs a container's packet to an endpoint published on 127.0.0.1;
 * Linux drops packets to 127/8 arriving on a non-loopback interface unless route_localnet is
 * set (kube-proxy sets it for the same reason). Only for the nft mode.
 */
export async function enableRouteLocalnet(path = '/proc/sys/net/ipv4/conf/all/route_localnet'): Promise<RouteOutcome> {
  try {
    await writeFile(path, '1');
    return { ok: true, changed: true };
  } catch (err) {
    return { ok: false, message: `${path}: ${err instanceof Error ? err.message : String(err)}` };
  }
}
