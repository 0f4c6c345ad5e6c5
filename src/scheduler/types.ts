/** The scheduler's view of the cluster: nodes with what is already bound to them. */
import type { KubeObject } from '../api/types.js';

export interface Resources {
  milliCpu: number;
  memoryBytes: number;
  pods: number;
}

export interface NodeInfo {
  node: KubeObject;
  name: string;
  /** Pods bound to this node and not finished. */
  pods: KubeObject[];
  allocatable: Resources;
  requested: Resources;
  /** Host ports in use: `${protocol}/${hostIP}/${port}`. */
  usedPorts: Set<string>;
  /** How many of this node's pods each controller (by uid) owns, for spreading. */
  ownerCounts: Map<string, number>;
}

/** A filter answers undefined when the node fits, else the reason (counted in the Pending message). */
export type Filter = (pod: KubeObject, node: NodeInfo, all: NodeInfo[]) => string | undefined;

/** A score from 0 (worst) to 100 (best); weights are applied by the pipeline. */
export type Scorer = (pod: KubeObject, node: NodeInfo, all: NodeInfo[]) => number;

export interface WeightedScorer {
  name: string;
  weight: number;
  score: Scorer;
}

export interface NamedFilter {
  name: string;
  filter: Filter;
}
