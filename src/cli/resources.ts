/**
 * Resolving what the user typed (`deploy`, `deployments`, `Deployment`,
 * `deployments.apps`, `cm`) to a row of the resource table, as kubectl does.
 */
import { RESOURCES, resourceByKind, type ResourceInfo } from '../api/resources.js';
import { CliError } from './errors.js';

function matches(info: ResourceInfo, name: string): boolean {
  return info.resource === name || info.singular === name || info.kind.toLowerCase() === name
    || (info.shortNames ?? []).includes(name);
}

export function resolveResource(typed: string): ResourceInfo {
  const lower = typed.toLowerCase();
  const dot = lower.indexOf('.');
  const name = dot < 0 ? lower : lower.slice(0, dot);
  const group = dot < 0 ? undefined : lower.slice(dot + 1);
  const found = RESOURCES.find((info) => matches(info, name) && (group === undefined || info.group === group));
  if (!found) throw new CliError(`the server doesn't have a resource type "${typed}"`);
  return found;
}

/** `kind/name` → resource + name (kubectl's TYPE/NAME form). */
export function splitTypeName(arg: string): { type: string; name?: string } {
  const slash = arg.indexOf('/');
  return slash < 0 ? { type: arg } : { type: arg.slice(0, slash), name: arg.slice(slash + 1) };
}

export function resourceForObject(apiVersion: unknown, kind: unknown): ResourceInfo {
  if (typeof apiVersion !== 'string' || typeof kind !== 'string' || !apiVersion || !kind) {
    throw new CliError('object is missing apiVersion or kind');
  }
  const info = resourceByKind(apiVersion, kind);
  if (!info) throw new CliError(`no matches for kind "${kind}" in version "${apiVersion}"`);
  return info;
}
