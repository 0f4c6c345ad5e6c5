/** Shapes of meta.k8s.io/v1 Table and of one kind's printer. */
import type { KubeObject } from '../types.js';

export type IncludeObject = 'None' | 'Metadata' | 'Object';

export interface TableColumn { name: string; type: string; format: string; description: string; priority: number }
export interface TableRowCondition { type: string; status: string; reason?: string; message?: string }
export interface TableRow { cells: unknown[]; object?: unknown; conditions?: TableRowCondition[] }
export interface Table {
  kind: 'Table';
  apiVersion: 'meta.k8s.io/v1';
  metadata: { resourceVersion?: string; continue?: string };
  columnDefinitions: TableColumn[];
  rows: TableRow[];
}

/**
 * One kind's columns and the cells of one object. Cells cover every column, wide ones
 * included: the apiserver always prints wide (kubectl hides priority ≥ 1 itself).
 */
export interface Printer {
  columns: TableColumn[];
  cells(obj: KubeObject, now: Date): unknown[];
  conditions?(obj: KubeObject): TableRowCondition[] | undefined;
}
