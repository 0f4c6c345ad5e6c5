/**
 * meta.k8s.io/v1 Table output for `kubectl get` (kubernetes-api.md §5.2).
 * CONTRACT (stub until the printers land): the signature below is fixed.
 */
import type { ResourceInfo } from '../resources.js';
import type { KubeObject } from '../types.js';

export type IncludeObject = 'None' | 'Metadata' | 'Object';

export interface TableColumn { name: string; type: string; format: string; description: string; priority: number }
export interface TableRow { cells: unknown[]; object?: unknown }
export interface Table {
  kind: 'Table';
  apiVersion: 'meta.k8s.io/v1';
  metadata: { resourceVersion?: string; continue?: string };
  columnDefinitions: TableColumn[];
  rows: TableRow[];
}

export interface TableOptions {
  includeObject: IncludeObject;
  now: Date;
  resourceVersion?: string;
  continue?: string;
  /** false in watch events after the first (columnDefinitions left empty, as upstream does). */
  includeColumns?: boolean;
}

export function toTable(resource: ResourceInfo, objects: KubeObject[], options: TableOptions): Table {
  const rows = objects.map((o) => ({ cells: [o.metadata.name ?? '', ''], object: options.includeObject === 'None' ? undefined : o }));
  return {
    kind: 'Table', apiVersion: 'meta.k8s.io/v1',
    metadata: { resourceVersion: options.resourceVersion, continue: options.continue },
    columnDefinitions: options.includeColumns === false ? [] : [
      { name: 'Name', type: 'string', format: 'name', description: 'Name', priority: 0 },
      { name: 'Age', type: 'string', format: '', description: 'Age', priority: 0 },
    ],
    rows,
  };
}
