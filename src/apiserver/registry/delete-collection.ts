/** DELETE of a collection: every object matching the selectors, one by one. */
import { isApiError } from '../../api/errors.js';
import type { KubeObject } from '../../api/types.js';
import type { RegistryDeps, Target } from './context.js';
import { deleteObject } from './delete.js';
import type { DeleteOptions } from './deletion.js';
import { listObjects, type ListQuery } from './list.js';

export async function deleteCollection(
  deps: RegistryDeps, target: Target, query: ListQuery, options: DeleteOptions,
): Promise<{ items: KubeObject[]; revision: number }> {
  const page = await listObjects(deps, target, { labels: query.labels, fields: query.fields });
  const items: KubeObject[] = [];
  for (const object of page.items) {
    try {
      const out = await deleteObject(deps, { ...target, namespace: object.metadata.namespace, name: object.metadata.name }, options);
      items.push(out.object);
    } catch (err) {
      // Someone else deleted it meanwhile: that is what we wanted.
      if (isApiError(err) && err.code === 404) continue;
      throw err;
    }
  }
  return { items, revision: page.revision };
}
