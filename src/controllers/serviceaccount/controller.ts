/**
 * ServiceAccount controller shell: namespaces, ServiceAccounts and Secrets feed a queue of
 * namespace names; a sync reads the caches, asks decideServiceAccounts() and creates what is
 * missing. AlreadyExists means a racing pass (or another server) got there first.
 */
import { randomBytes } from 'node:crypto';
import { resourceByKind } from '../../api/resources.js';
import type { KubeObject } from '../../api/types.js';
import { byNamespace, isAlreadyExists, isNotFound, type Informer } from '../../client/index.js';
import { queueController, type Controller, type ControllerContext } from '../runtime/controller.js';
import { decideServiceAccounts, SERVICE_ACCOUNT_TOKEN_TYPE } from './decide.js';

const NAMESPACES = resourceByKind('v1', 'Namespace')!;
const SERVICE_ACCOUNTS = resourceByKind('v1', 'ServiceAccount')!;
const SECRETS = resourceByKind('v1', 'Secret')!;

/** 32 random bytes → 43 base64url characters. */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

export interface ServiceAccountControllerOptions {
  /** The cluster CA (PEM) put in every token Secret as ca.crt. */
  caPem: string;
  newToken?: () => string;
  workers?: number;
}

function withNamespaceIndex(informer: Informer): Informer {
  if (!informer.cache.hasIndexer('namespace')) informer.addIndexer('namespace', byNamespace);
  return informer;
}

export function createServiceAccountController(ctx: ControllerContext, options: ServiceAccountControllerOptions): Controller {
  const namespaces = ctx.informers.informerFor(NAMESPACES);
  const accounts = withNamespaceIndex(ctx.informers.informerFor(SERVICE_ACCOUNTS));
  const secrets = withNamespaceIndex(ctx.informers.informerFor(SECRETS));
  const log = ctx.logger.child({ controller: 'serviceaccount' });
  const inputs = { caPem: options.caPem, newToken: options.newToken ?? randomToken };

  const create = async (type: typeof SECRETS, object: KubeObject): Promise<void> => {
    try {
      await ctx.client.create(type, object);
      log.info({ namespace: object.metadata.namespace, name: object.metadata.name, kind: object.kind }, 'created');
    } catch (err) {
      // AlreadyExists: a racing pass; NotFound: the namespace went away meanwhile.
      if (!isAlreadyExists(err) && !isNotFound(err)) throw err;
    }
  };

  const sync = async (name: string) => {
    const namespace = namespaces.cache.get(name);
    if (!namespace) return;
    const decision = decideServiceAccounts({
      namespace,
      serviceAccounts: accounts.cache.byIndex('namespace', name),
      secrets: secrets.cache.byIndex('namespace', name),
    }, inputs);
    for (const sa of decision.createServiceAccounts) await create(SERVICE_ACCOUNTS, sa);
    for (const secret of decision.createSecrets) await create(SECRETS, secret);
  };

  const controller = queueController(ctx, 'serviceaccount', options.workers ?? 1, sync);
  const enqueueNamespaceOf = (o: KubeObject): void => {
    if (o.metadata.namespace) controller.queue.add(o.metadata.namespace);
  };
  namespaces.addEventHandler({
    onAdd: (ns) => controller.queue.add(ns.metadata.name!),
    onUpdate: (_old, ns) => controller.queue.add(ns.metadata.name!),
  });
  accounts.addEventHandler({ onAdd: enqueueNamespaceOf, onUpdate: (_old, sa) => enqueueNamespaceOf(sa), onDelete: enqueueNamespaceOf });
  // Only a token Secret going away can leave an account without one.
  secrets.addEventHandler({ onDelete: (s) => { if (s.type === SERVICE_ACCOUNT_TOKEN_TYPE) enqueueNamespaceOf(s); } });
  return { name: 'serviceaccount', run: controller.run };
}
