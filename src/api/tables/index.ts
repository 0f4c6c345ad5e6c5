/**
 * meta.k8s.io/v1 Table output for `kubectl get` (kubernetes-api.md §5.2).
 * Columns and cells follow kubernetes `pkg/printers/internalversion/printers.go`;
 * one printer per kind lives in the files beside this one.
 */
import type { ResourceInfo } from '../resources.js';
import type { KubeObject } from '../types.js';
import { printerFor } from './printers.js';
import type { IncludeObject, Table, TableRow } from './types.js';

export type { IncludeObject, Printer, Table, TableColumn, TableRow, TableRowCondition } from './types.js';
export { humanDuration, since } from './duration.js';
export { printerFor, genericPrinter } from './printers.js';

export interface TableOptions {
  includeObject: IncludeObject;
  now: Date;
  resourceVersion?: string;
  continue?: string;
  /** false in watch events after the first (columnDefinitions left empty, as upstream does). */
  includeColumns?: boolean;
}

/** The object embedded in a row for includeObject=Metadata (the default). */
export function partialObjectMetadata(obj: KubeObject): { kind: 'PartialObjectMetadata'; apiVersion: 'meta.k8s.io/v1'; metadata: KubeObject['metadata'] } {
  // managedFields are never shown in a table and can be most of an object's size.
  const { managedFields: _managedFields, ...metadata } = obj.metadata;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata };
}

function rowObject(obj: KubeObject, include: IncludeObject): unknown {
  if (include === 'None') return undefined;
  return include === 'Object' ? obj : partialObjectMetadata(obj);
}

export function toTable(resource: ResourceInfo, objects: KubeObject[], options: TableOptions): Table {
  const printer = printerFor(resource.group, resource.kind);
  const rows = objects.map((obj): TableRow => {
    const row: TableRow = { cells: printer.cells(obj, options.now) };
    const conditions = printer.conditions?.(obj);
    if (conditions) row.conditions = conditions;
    const object = rowObject(obj, options.includeObject);
    if (object !== undefined) row.object = object;
    return row;
  });
  const metadata: Table['metadata'] = {};
  if (options.resourceVersion !== undefined) metadata.resourceVersion = options.resourceVersion;
  if (options.continue) metadata.continue = options.continue;
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata,
    columnDefinitions: options.includeColumns === false ? [] : printer.columns,
    rows,
  };
}
