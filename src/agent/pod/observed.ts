/**
 * The runtime containers of one pod, grouped by container name with the newest attempt
 * first. Pure helpers the decision and the status builders share.
 */
import type { ContainerInfo } from '../runtime/runtime.js';
import { identityOf, type ContainerIdentity } from '../container-labels.js';

export interface ObservedContainer {
  info: ContainerInfo;
  identity: ContainerIdentity;
}

export type ObservedByName = Map<string, ObservedContainer[]>;

export function groupByName(containers: ContainerInfo[], podUid: string | undefined): ObservedByName {
  const byName: ObservedByName = new Map();
  for (const info of containers) {
    const identity = identityOf(info);
    if (!identity || (podUid && identity.podUid !== podUid)) continue;
    const list = byName.get(identity.containerName) ?? [];
    list.push({ info, identity });
    byName.set(identity.containerName, list);
  }
  for (const list of byName.values()) {
    list.sort((a, b) => b.identity.attempt - a.identity.attempt || b.info.createdAt.localeCompare(a.info.createdAt));
  }
  return byName;
}

export function isAlive(c: ObservedContainer): boolean {
  return c.info.state === 'running' || c.info.state === 'created' || c.info.state === 'unknown';
}

export function hasExited(c: ObservedContainer): boolean {
  return c.info.state === 'exited';
}

export function exitedOk(c: ObservedContainer | undefined): boolean {
  return !!c && hasExited(c) && c.info.exitCode === 0;
}

export function isoMs(iso: string | undefined): number | undefined {
  if (!iso) return undefined;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : ms;
}
