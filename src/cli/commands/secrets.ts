/**
 * `tug secrets rotate-key` and `tug secrets prune-keys`: Secret encryption key rotation.
 * Both only edit DATA_DIR/secrets/encryption-keys.json; a running server polls that file,
 * starts encrypting with the new key at once (old keys still decrypt, so no downtime),
 * re-encrypts every Secret and records the keys still in use in encryption-status.json.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { addPrimaryKey, dropOldKeys, keyFilePath, readKeyFile, readStatus, statusFilePath } from '../../secrets/index.js';
import { CliError } from '../errors.js';
import type { CliIo } from '../io.js';

function dataDirOf(flag: string, env: CliIo['env']): string {
  const home = env.HOME ?? '';
  return resolve(flag === '~' || flag.startsWith('~/') ? `${home}${flag.slice(1)}` : flag);
}

export function addSecretsCommand(program: Command, io: CliIo): void {
  const secrets = program.command('secrets').description('Secret encryption at rest');

  secrets.command('rotate-key')
    .description('add a new primary encryption key; the running server re-encrypts every Secret with it')
    .option('--data-dir <dir>', 'state directory of the server', '~/.tug')
    .action((flags: { dataDir: string }) => {
      const dir = dataDirOf(flags.dataDir, io.env);
      const out = addPrimaryKey(keyFilePath(dir), new Date());
      if (!out.ok) throw new CliError(out.message);
      io.out(`new primary key ${out.key.id} (${out.keys.length} keys in ${keyFilePath(dir)})\n`);
      io.out(`a running server re-encrypts all Secrets within seconds (a stopped one at its next start);\n`);
      io.out(`then \`tug secrets prune-keys --data-dir ${flags.dataDir}\` drops the old keys.\n`);
    });

  secrets.command('prune-keys')
    .description('drop old encryption keys once the server reports no Secret uses them')
    .option('--data-dir <dir>', 'state directory of the server', '~/.tug')
    .action((flags: { dataDir: string }) => {
      const dir = dataDirOf(flags.dataDir, io.env);
      const keys = readKeyFile(keyFilePath(dir));
      const fail = (message: string): never => {
        throw new CliError(message);
      };
      if (!keys.ok) return fail(keys.message);
      const primary = keys.keys[0].id;
      if (keys.keys.length === 1) return void io.out(`only the primary key ${primary} is left; nothing to prune\n`);
      const status = readStatus(statusFilePath(dir));
      if (!status || status.primaryKeyId !== primary) {
        return fail(`the server has not finished re-encrypting with ${primary} yet (see ${statusFilePath(dir)}); try again shortly`);
      }
      const other = status.keysInUse.filter((id) => id !== primary);
      if (other.length > 0) return fail(`Secrets still use ${other.join(', ')}; keeping all keys`);
      const pruned = dropOldKeys(keyFilePath(dir), new Date());
      if (!pruned.ok) return fail(pruned.message);
      io.out(`dropped ${keys.keys.length - 1} old key(s); ${primary} remains\n`);
    });
}
