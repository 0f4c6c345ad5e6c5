/** Printers for ConfigMap, Secret and ServiceAccount (printers.go). */
import { ageCol, col, nameCol } from './columns.js';
import { since } from './duration.js';
import type { Printer } from './types.js';

const count = (m: unknown): number => (m && typeof m === 'object' ? Object.keys(m).length : 0);

export const configMapPrinter: Printer = {
  columns: [nameCol(), col('Data', 'Data contains the configuration data.'), ageCol()],
  cells: (o, now) => [o.metadata.name ?? '', count(o.data) + count(o.binaryData), since(o.metadata.creationTimestamp, now)],
};

export const secretPrinter: Printer = {
  columns: [nameCol(), col('Type', 'Used to facilitate programmatic handling of secret data.'), col('Data', 'Data contains the secret data.'), ageCol()],
  // The Secret strategy defaults type to Opaque.
  cells: (o, now) => [o.metadata.name ?? '', (o.type as string | undefined) || 'Opaque', count(o.data), since(o.metadata.creationTimestamp, now)],
};

export const serviceAccountPrinter: Printer = {
  columns: [nameCol(), col('Secrets', 'Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use.'), ageCol()],
  cells: (o, now) => [o.metadata.name ?? '', Array.isArray(o.secrets) ? o.secrets.length : 0, since(o.metadata.creationTimestamp, now)],
};
