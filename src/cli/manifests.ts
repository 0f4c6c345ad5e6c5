/** Parsing `-f` input: one or more YAML (or JSON) documents, `List` objects flattened. */
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '../api/types.js';
import { CliError } from './errors.js';

export function parseManifests(text: string, source: string): KubeObject[] {
  const objects: KubeObject[] = [];
  const documents = parseAllDocuments(text);
  const docs = Array.isArray(documents) ? documents : [documents];
  for (const doc of docs) {
    if (doc.errors.length > 0) {
      throw new CliError(`error parsing ${source}: ${doc.errors[0].message.split('\n')[0]}`);
    }
    const value: unknown = doc.toJS();
    if (value === null || value === undefined) continue;
    if (typeof value !== 'object' || Array.isArray(value)) {
      throw new CliError(`error parsing ${source}: a document is not an object`);
    }
    const object = value as KubeObject & { items?: unknown };
    if (object.kind === 'List' && Array.isArray(object.items)) objects.push(...(object.items as KubeObject[]));
    else objects.push(object);
  }
  if (objects.length === 0) throw new CliError(`no objects passed to apply from ${source}`);
  for (const object of objects) {
    if (!object.metadata?.name) throw new CliError(`error parsing ${source}: an object (${object.kind ?? 'no kind'}) has no metadata.name`);
  }
  return objects;
}
