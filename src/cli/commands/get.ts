import type { Command } from 'commander';
import type { KubeObject } from '../../api/types.js';
import { connectionOptions, type ConnectionFlags } from './flags.js';
import { withConnection } from '../connect.js';
import { CliError } from '../errors.js';
import { formatObjects, objectTable, parseOutputFormat } from '../format.js';
import type { CliIo } from '../io.js';
import { resolveResource, splitTypeName } from '../resources.js';

interface GetFlags extends ConnectionFlags {
  output?: string;
  allNamespaces?: boolean;
  selector?: string;
}

function printOne(io: CliIo, object: KubeObject, format: ReturnType<typeof parseOutputFormat>, resource: string): void {
  if (format === 'yaml' || format === 'json') io.out(formatObjects(object, format));
  else if (format === 'name') io.out(`${resource}/${object.metadata?.name}\n`);
  else io.out(objectTable([object], { now: new Date(), withNamespace: false }));
}

export function addGetCommand(program: Command, io: CliIo): void {
  connectionOptions(program.command('get'))
    .description('show one object or a list of objects')
    .argument('<resource>', 'resource type, e.g. pods, deploy, configmaps (or TYPE/NAME)')
    .argument('[name]', 'object name')
    .option('-o, --output <format>', 'yaml | json | name (default: a table)')
    .option('-A, --all-namespaces', 'list across all namespaces')
    .option('-l, --selector <selector>', 'label selector, e.g. app=web')
    .action(async (typed: string, nameArg: string | undefined, flags: GetFlags) => {
      const format = parseOutputFormat(flags.output);
      if (!format) throw new CliError(`unable to match a printer suitable for the output format "${flags.output}", allowed formats are: json,name,yaml`);
      const split = splitTypeName(typed);
      const info = resolveResource(split.type);
      const name = split.name ?? nameArg;
      await withConnection(flags, io.env, async ({ client, namespace }) => {
        if (name) {
          printOne(io, await client.get(info, info.namespaced ? namespace : undefined, name), format, info.resource);
          return;
        }
        const listNamespace = info.namespaced && !flags.allNamespaces ? namespace : undefined;
        const list = await client.list(info, { namespace: listNamespace, labelSelector: flags.selector });
        const items = list.items ?? [];
        if (format === 'yaml' || format === 'json') {
          io.out(formatObjects({ apiVersion: 'v1', kind: 'List', items }, format));
        } else if (format === 'name') {
          for (const item of items) io.out(`${info.resource}/${item.metadata?.name}\n`);
        } else if (items.length === 0) {
          io.err(listNamespace ? `No resources found in ${listNamespace} namespace.\n` : 'No resources found\n');
        } else {
          io.out(objectTable(items, { now: new Date(), withNamespace: info.namespaced && !listNamespace }));
        }
      });
    });
}
