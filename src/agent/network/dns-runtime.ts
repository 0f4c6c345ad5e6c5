/**
 * A Runtime that gives each new container its pod's resolver (pod-dns.ts). Wrapping `create`
 * keeps the pod sync untouched: the container's labels name its pod, and the agent's pod cache
 * has the pod's dnsPolicy. Everything else is passed through.
 */
import type { ContainerSpec, Runtime } from '../runtime/runtime.js';
import { identityFromLabels } from '../runtime/labels.js';
import type { ContainerDns } from './pod-dns.js';

/** The resolver for a pod's containers; undefined = runtime default. */
export type PodDnsLookup = (namespace: string, name: string) => Promise<ContainerDns | undefined>;

export function withPodDns(runtime: Runtime, lookup: PodDnsLookup): Runtime {
  const create = async (spec: ContainerSpec) => {
    const identity = identityFromLabels(spec.labels);
    // An explicit spec.dns (set by someone upstream) wins.
    const dns = spec.dns || !identity ? undefined : await lookup(identity.podNamespace, identity.podName);
    return runtime.create(dns ? { ...spec, dns } : spec);
  };
  // A Proxy rather than a copy: runtimes are classes whose methods need their own `this`.
  return new Proxy(runtime, {
    get(target, prop) {
      if (prop === 'create') return create;
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
