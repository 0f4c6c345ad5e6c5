/**
 * Column-definition helpers. Descriptions follow upstream's (mostly the swagger docs);
 * kubectl never prints them, so only the common ones are spelled out in full.
 */
import type { TableColumn } from './types.js';

const NAME_DESCRIPTION = 'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names';
const AGE_DESCRIPTION = 'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata';

/** A column; `wide` marks priority 1 (shown only with `-o wide`). */
export function col(name: string, description: string, opts: { type?: string; wide?: boolean; format?: string } = {}): TableColumn {
  return { name, type: opts.type ?? 'string', format: opts.format ?? '', description, priority: opts.wide ? 1 : 0 };
}

export const nameCol = (): TableColumn => col('Name', NAME_DESCRIPTION, { format: 'name' });
export const ageCol = (): TableColumn => col('Age', AGE_DESCRIPTION);
export const containersCol = (): TableColumn => col('Containers', 'Names of each container in the template.', { wide: true });
export const imagesCol = (): TableColumn => col('Images', 'Images referenced by each container in the template.', { wide: true });
export const selectorCol = (): TableColumn => col('Selector', 'Label query over pods that should match the replica count.', { wide: true });
