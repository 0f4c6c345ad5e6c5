/** Printers for Role, ClusterRole, RoleBinding and ClusterRoleBinding (printers.go). */
import type { KubeObject } from '../types.js';
import { ageCol, col, nameCol } from './columns.js';
import { since } from './duration.js';
import type { Printer } from './types.js';

/** Roles show their creation time (RFC 3339), not an age, as upstream's printRole does. */
export const rolePrinter: Printer = {
  columns: [nameCol(), col('Created At', 'CreationTimestamp is a timestamp representing the server time when this object was created.', { type: 'date' })],
  cells: (o) => [o.metadata.name ?? '', o.metadata.creationTimestamp ?? ''],
};

interface SubjectLike { kind?: string; name?: string; namespace?: string }

/** Users, groups and "namespace/name" service accounts, each joined with ", " (getRoleBindingSubjects). */
function subjectCells(o: KubeObject): [string, string, string] {
  const subjects: SubjectLike[] = Array.isArray(o.subjects) ? o.subjects : [];
  const of = (kind: string): SubjectLike[] => subjects.filter((s) => s.kind === kind);
  return [
    of('User').map((s) => s.name ?? '').join(', '),
    of('Group').map((s) => s.name ?? '').join(', '),
    of('ServiceAccount').map((s) => `${s.namespace ?? ''}/${s.name ?? ''}`).join(', '),
  ];
}

function roleRefCell(o: KubeObject): string {
  const ref = (o.roleRef ?? {}) as { kind?: string; name?: string };
  return `${ref.kind ?? ''}/${ref.name ?? ''}`;
}

export const roleBindingPrinter: Printer = {
  columns: [
    nameCol(),
    col('Role', 'RoleRef references the Role/ClusterRole the binding grants.'),
    ageCol(),
    col('Users', 'Users in the binding', { wide: true }),
    col('Groups', 'Groups in the binding', { wide: true }),
    col('ServiceAccounts', 'ServiceAccounts in the binding', { wide: true }),
  ],
  cells: (o, now) => [
    o.metadata.name ?? '',
    roleRefCell(o),
    since(o.metadata.creationTimestamp, now),
    ...subjectCells(o),
  ],
};
