/** An apiserver with the RBAC authorizer (after a system:masters check, as the server assembly unions them). */
import type { TestContext } from 'node:test';
import { pino } from 'pino';
import { createApiServer, staticTokenAuthenticator, type ApiServer } from '../../../src/apiserver/index.js';
import type { Authorizer, UserInfo } from '../../../src/apiserver/types.js';
import { createRbacAuthorizer } from '../../../src/auth/rbac/index.js';
import { openMemoryStore, type Store } from '../../../src/store/index.js';

export const TOKENS = { admin: 'admin-token', alice: 'alice-token', bob: 'bob-token' } as const;

export interface RbacFixture {
  server: ApiServer;
  store: Store;
  call(token: string | undefined, method: string, url: string, body?: unknown): Promise<{ statusCode: number; json: any }>;
}

/** `enumerableRules: false` models a union that does not pass RBAC's rulesFor through. */
export async function startRbacFixture(t: TestContext, options: { enumerableRules?: boolean } = {}): Promise<RbacFixture> {
  const store = await openMemoryStore();
  const rbac = createRbacAuthorizer({ store });
  const authorizer: Authorizer = {
    authorize: (a) => (a.user.groups.includes('system:masters') ? { allowed: true } : rbac.authorize(a)),
    ...(options.enumerableRules === false ? {} : { rulesFor: (user: UserInfo, namespace: string) => rbac.rulesFor(user, namespace) }),
  };
  const server = createApiServer({
    store, logger: pino({ level: 'silent' }), authorizer,
    tokens: staticTokenAuthenticator({
      [TOKENS.admin]: { user: 'admin', groups: ['system:masters'] },
      [TOKENS.alice]: { user: 'alice', groups: ['developers'] },
      [TOKENS.bob]: { user: 'bob', groups: [] },
    }),
  });
  t.after(async () => {
    await server.close();
    rbac.close();
    await store.close();
  });
  await server.app.ready();
  const call: RbacFixture['call'] = async (token, method, url, body) => {
    const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await server.app.inject({ method: method as 'GET', url, headers, payload: body === undefined ? undefined : JSON.stringify(body) });
    let json: unknown;
    try {
      json = JSON.parse(res.body);
    } catch {
      json = undefined;
    }
    return { statusCode: res.statusCode, json };
  };
  return { server, store, call };
}

/** Polls until `check` holds: the authorizer follows the store through a watch. */
export async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}
