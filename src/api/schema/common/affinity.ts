/** Scheduling constraints: affinity, tolerations, topology spread. */
import { z } from 'zod';
import { Int } from './primitives.js';
import { LabelSelector } from './selector.js';

export const NodeSelectorRequirement = z.strictObject({
  key: z.string(), operator: z.string(), values: z.array(z.string()).optional(),
});

export const NodeSelectorTerm = z.strictObject({
  matchExpressions: z.array(NodeSelectorRequirement).optional(),
  matchFields: z.array(NodeSelectorRequirement).optional(),
});

export const NodeSelector = z.strictObject({ nodeSelectorTerms: z.array(NodeSelectorTerm) });

const NodeAffinity = z.strictObject({
  requiredDuringSchedulingIgnoredDuringExecution: NodeSelector.optional(),
  preferredDuringSchedulingIgnoredDuringExecution: z.array(z.strictObject({
    weight: Int, preference: NodeSelectorTerm,
  })).optional(),
});

export const PodAffinityTerm = z.strictObject({
  labelSelector: LabelSelector.optional(),
  namespaces: z.array(z.string()).optional(),
  topologyKey: z.string(),
  namespaceSelector: LabelSelector.optional(),
  matchLabelKeys: z.array(z.string()).optional(),
  mismatchLabelKeys: z.array(z.string()).optional(),
});

const PodAffinity = z.strictObject({
  requiredDuringSchedulingIgnoredDuringExecution: z.array(PodAffinityTerm).optional(),
  preferredDuringSchedulingIgnoredDuringExecution: z.array(z.strictObject({
    weight: Int, podAffinityTerm: PodAffinityTerm,
  })).optional(),
});

export const Affinity = z.strictObject({
  nodeAffinity: NodeAffinity.optional(),
  podAffinity: PodAffinity.optional(),
  podAntiAffinity: PodAffinity.optional(),
});
export type Affinity = z.infer<typeof Affinity>;

export const Toleration = z.strictObject({
  key: z.string().optional(),
  operator: z.string().optional(),
  value: z.string().optional(),
  effect: z.string().optional(),
  tolerationSeconds: Int.optional(),
});
export type Toleration = z.infer<typeof Toleration>;

export const TopologySpreadConstraint = z.strictObject({
  maxSkew: Int,
  topologyKey: z.string(),
  whenUnsatisfiable: z.string(),
  labelSelector: LabelSelector.optional(),
  minDomains: Int.optional(),
  nodeAffinityPolicy: z.string().optional(),
  nodeTaintsPolicy: z.string().optional(),
  matchLabelKeys: z.array(z.string()).optional(),
});
export type TopologySpreadConstraint = z.infer<typeof TopologySpreadConstraint>;

