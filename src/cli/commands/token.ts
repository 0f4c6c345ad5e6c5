/**
 * `tug token create|list|revoke`: join and API tokens, kept as Secrets in kube-system
 * (src/auth/credentials.ts). A `--role` token is an API token bound to the ClusterRole of
 * that name, by a RoleBinding in --namespace or a ClusterRoleBinding without it; the
 * bindings carry the token id label so `revoke` removes them with the Secret.
 */
import type { Command } from 'commander';
import type { KubeObject } from '../../api/types.js';
import type { ApiClient, ResourceType } from '../../client/types.js';
import {
  TOKEN_ID_LABEL, TOKEN_LABEL, TOKEN_NAMESPACE, TOKEN_ROLES, TOKEN_USAGES, tokenRecordsOf, tokenSecret, tokenSecretName,
  type TokenRecord, type TokenRole, type TokenUsage,
} from '../../auth/credentials.js';
import { TOKEN_ID_PATTERN, caCertHash, parseToken, formatToken, generateTokenId, generateTokenSecret } from '../../pki/tokens.js';
import { isNotFound } from '../../client/errors.js';
import { withConnection } from '../connect.js';
import { CliError } from '../errors.js';
import { formatColumns } from '../format.js';
import type { CliIo } from '../io.js';

const SECRETS: ResourceType = { group: '', version: 'v1', resource: 'secrets', kind: 'Secret', namespaced: true };
const RBAC_GROUP = 'rbac.authorization.k8s.io';
const ROLE_BINDINGS: ResourceType = { group: RBAC_GROUP, version: 'v1', resource: 'rolebindings', kind: 'RoleBinding', namespaced: true };
const CLUSTER_ROLE_BINDINGS: ResourceType = { group: RBAC_GROUP, version: 'v1', resource: 'clusterrolebindings', kind: 'ClusterRoleBinding', namespaced: false };

export interface RawCreateFlags {
  usage?: string;
  role?: string;
  namespace?: string;
  description?: string;
  ttl?: string;
  kubeconfig?: string;
}

const TTL_UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `90s`, `15m`, `24h`, `7d`, `1h30m` → milliseconds; undefined when malformed or zero. */
export function parseTtl(text: string): number | undefined {
  if (!/^(\d+[smhd])+$/.test(text)) return undefined;
  let total = 0;
  for (const [, amount, unit] of text.matchAll(/(\d+)([smhd])/g)) total += Number(amount) * TTL_UNITS[unit];
  return total > 0 && Number.isSafeInteger(total) ? total : undefined;
}

/** Pure: the token record `create` will store (id and secret given, so tests pin them). */
export function tokenToCreate(flags: RawCreateFlags, parts: { id: string; secret: string; now: Date }): TokenRecord {
  if (flags.role !== undefined && !(TOKEN_ROLES as readonly string[]).includes(flags.role)) {
    throw new CliError(`invalid --role "${flags.role}": expected one of ${TOKEN_ROLES.join(', ')}`);
  }
  const usage = flags.usage ?? (flags.role !== undefined ? 'api' : 'join');
  if (!(TOKEN_USAGES as readonly string[]).includes(usage)) throw new CliError(`invalid --usage "${usage}": expected join or api`);
  if (flags.role !== undefined && usage !== 'api') throw new CliError('--role makes an API token: it cannot be combined with --usage join');
  if (flags.namespace !== undefined && flags.role === undefined) throw new CliError('--namespace needs --role (it says where the role applies)');
  if (flags.namespace !== undefined && !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(flags.namespace)) throw new CliError(`invalid --namespace "${flags.namespace}"`);
  const record: TokenRecord = { id: parts.id, secret: parts.secret, usage: usage as TokenUsage };
  if (flags.role !== undefined) record.role = flags.role as TokenRole;
  if (flags.namespace !== undefined) record.namespace = flags.namespace;
  if (flags.description !== undefined) record.description = flags.description.replace(/[\r\n]+/g, ' ');
  if (flags.ttl !== undefined) {
    const ms = parseTtl(flags.ttl);
    if (ms === undefined) throw new CliError(`invalid --ttl "${flags.ttl}": expected a duration such as 30m, 24h or 7d`);
    record.expiration = `${new Date(parts.now.getTime() + ms).toISOString().slice(0, 19)}Z`;
  }
  return record;
}

/** The RoleBinding / ClusterRoleBinding that gives a `--role` token its permissions. */
export function tokenBinding(record: TokenRecord): { type: ResourceType; object: KubeObject } | undefined {
  if (!record.role) return undefined;
  const type = record.namespace ? ROLE_BINDINGS : CLUSTER_ROLE_BINDINGS;
  const object: KubeObject = {
    apiVersion: `${RBAC_GROUP}/v1`, kind: type.kind,
    metadata: { name: tokenSecretName(record.id), ...(record.namespace ? { namespace: record.namespace } : {}), labels: { [TOKEN_ID_LABEL]: record.id } },
    roleRef: { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name: record.role },
    subjects: [{ kind: 'User', apiGroup: RBAC_GROUP, name: `tug:token:${record.id}` }],
  };
  return { type, object };
}

export function tokenTable(records: readonly TokenRecord[], now: Date): string {
  const rows = records.map((r) => [
    r.id, r.usage, r.role ?? '<none>', r.namespace ?? (r.role ? '<cluster>' : '<none>'),
    r.expiration === undefined ? '<never>' : Date.parse(r.expiration) <= now.getTime() ? `${r.expiration} (expired)` : r.expiration,
    r.description ?? '',
  ]);
  return formatColumns([['ID', 'USAGE', 'ROLE', 'NAMESPACE', 'EXPIRES', 'DESCRIPTION'], ...rows]);
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

async function createToken(client: ApiClient, record: TokenRecord): Promise<string> {
  await client.create(SECRETS, tokenSecret(record));
  const binding = tokenBinding(record);
  if (binding) {
    try {
      await client.create(binding.type, binding.object);
    } catch (err) {
      await client.delete(SECRETS, TOKEN_NAMESPACE, tokenSecretName(record.id)).catch(() => undefined);
      throw err;
    }
  }
  // The hash of the CA exactly as the server serves it: what a joining agent will compare.
  const caPem = await readAll(await client.stream('/cacerts'));
  return formatToken({ caHash: caCertHash(caPem), id: record.id, secret: record.secret });
}

async function revokeToken(client: ApiClient, id: string): Promise<boolean> {
  let found = true;
  try {
    await client.delete(SECRETS, TOKEN_NAMESPACE, tokenSecretName(id));
  } catch (err) {
    if (!isNotFound(err)) throw err;
    found = false;
  }
  const selector = `${TOKEN_ID_LABEL}=${id}`;
  for (const type of [ROLE_BINDINGS, CLUSTER_ROLE_BINDINGS]) {
    const listed = await client.list(type, { labelSelector: selector });
    for (const b of listed.items) {
      await client.delete(type, b.metadata.namespace, b.metadata.name!).catch(() => undefined);
      found = true;
    }
  }
  return found;
}

export function addTokenCommand(program: Command, io: CliIo): void {
  const token = program.command('token').description('join and API tokens');
  const kubeconfigOption = '--kubeconfig <path>';
  const kubeconfigHelp = 'kubeconfig file (default: $KUBECONFIG or ~/.tug/kubeconfig.yaml)';

  token.command('create')
    .description('create a token and print it alone on stdout')
    .option('--usage <usage>', 'join (agents joining) or api (people and programs)')
    .option('--role <role>', `bind the token to a ClusterRole: ${TOKEN_ROLES.join(', ')} (makes an api token)`)
    .option('--namespace <ns>', 'with --role: grant it in this namespace only (default: cluster-wide)')
    .option('--description <text>', 'a note shown by `tug token list`')
    .option('--ttl <duration>', 'expire after this long, e.g. 24h (default: never)')
    .option(kubeconfigOption, kubeconfigHelp)
    .action(async (flags: RawCreateFlags) => {
      const record = tokenToCreate(flags, { id: generateTokenId(), secret: generateTokenSecret(), now: new Date() });
      await withConnection({ kubeconfig: flags.kubeconfig }, io.env, async ({ client }) => {
        io.out(`${await createToken(client, record)}\n`);
      });
    });

  token.command('list')
    .description('list tokens (never their secrets)')
    .option(kubeconfigOption, kubeconfigHelp)
    .action(async (flags: { kubeconfig?: string }) => {
      await withConnection({ kubeconfig: flags.kubeconfig }, io.env, async ({ client }) => {
        const listed = await client.list(SECRETS, { namespace: TOKEN_NAMESPACE, labelSelector: `${TOKEN_LABEL}=true` });
        io.out(tokenTable(tokenRecordsOf(listed.items), new Date()));
      });
    });

  token.command('revoke')
    .description('delete a token (and its role binding): it stops working at once')
    .argument('<id>', 'token id (the part before the dot), or the whole token')
    .option(kubeconfigOption, kubeconfigHelp)
    .action(async (given: string, flags: { kubeconfig?: string }) => {
      const id = parseToken(given)?.id ?? given;
      if (!TOKEN_ID_PATTERN.test(id)) throw new CliError(`invalid token id "${id}": expected the 6 characters before the dot`);
      await withConnection({ kubeconfig: flags.kubeconfig }, io.env, async ({ client }) => {
        if (!(await revokeToken(client, id))) throw new CliError(`token "${id}" not found`);
        io.out(`token ${id} revoked\n`);
      });
    });
}
