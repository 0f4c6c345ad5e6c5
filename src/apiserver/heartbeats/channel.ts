/**
 * The server end of the heartbeat channel (protocol: src/api/heartbeat-channel.ts). An agent
 * upgrades GET /tugboat/v1/nodes/<node>/heartbeat to a WebSocket; each text frame renews
 * that node's Lease and is answered with the new resourceVersion or a Status. Every frame
 * is authenticated and authorized as the `update leases` request it stands for, so a
 * revoked credential stops renewing at its next beat, as a PUT would.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { badRequest, internalError, isApiError, unauthorized, type ApiError } from '../../api/errors.js';
import { MAX_FRAME_BYTES, nodeOfHeartbeatPath, parseRenewalFrame, type RenewalAnswer } from '../../api/heartbeat-channel.js';
import { NODE_LEASE_NAMESPACE } from '../../api/node-lease.js';
import { authenticateHeader } from '../auth.js';
import { authorizeRequest } from '../authorization.js';
import type { RegistryDeps } from '../registry/context.js';
import type { OpenStreams } from '../streams.js';
import type { Authorizer, RequestAttributes, TokenAuthenticator, UserInfo } from '../types.js';
import { createLeaseRenewer } from './renewer.js';

export interface HeartbeatChannelOptions {
  deps: RegistryDeps;
  tokens: TokenAuthenticator;
  authorizer: Authorizer;
  logger: Logger;
  streams: OpenStreams;
  /** Renewals arriving within this window share one store transaction. */
  batchWindowMs: number;
}

/** Close codes (RFC 6455 §7.4.1). */
const UNSUPPORTED_DATA = 1003;
const INVALID_PAYLOAD = 1007;
const POLICY_VIOLATION = 1008;
const GOING_AWAY = 1001;

/** The request a renewal frame stands for: `update` of the node's Lease. */
function leaseUpdate(user: UserInfo, nodeName: string, path: string): RequestAttributes {
  return {
    user, verb: 'update', resourceRequest: true, apiGroup: 'coordination.k8s.io', apiVersion: 'v1',
    resource: 'leases', namespace: NODE_LEASE_NAMESPACE, name: nodeName, path,
  };
}

export interface HeartbeatChannel {
  /** True when `url` is a heartbeat channel path (the upgrade router asks). */
  matches(url: string): boolean;
  /** Authenticates, authorizes and upgrades; throws the ApiError to answer with otherwise. */
  handle(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void>;
}

export function createHeartbeatChannel(options: HeartbeatChannelOptions): HeartbeatChannel {
  const { tokens, authorizer, logger, streams } = options;
  const renewer = createLeaseRenewer(options.deps, { windowMs: options.batchWindowMs });
  const server = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false });

  /** Resolves when `authorization` may update `nodeName`'s Lease; otherwise throws the ApiError why not. */
  async function admit(authorization: string | undefined, nodeName: string, path: string): Promise<void> {
    const user = await authenticateHeader(tokens, authorization);
    if (!user) throw unauthorized();
    await authorizeRequest(authorizer, leaseUpdate(user, nodeName, path));
  }

  function serve(ws: WebSocket, authorization: string | undefined, nodeName: string, path: string): void {
    const unregister = streams.add(() => ws.close(GOING_AWAY, 'server shutting down'));
    ws.on('close', unregister);
    ws.on('error', () => ws.terminate());
    const answer = (message: RenewalAnswer): void => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message), () => undefined);
    };
    const refuse = (seq: number, error: ApiError): void => answer({ seq, status: error.toStatus() });

    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (isBinary) return ws.close(UNSUPPORTED_DATA, 'renewal frames are JSON text');
      const parsed = parseRenewalFrame(data.toString());
      if (!parsed.ok) return ws.close(INVALID_PAYLOAD, parsed.message.slice(0, 120));
      const { seq, ...renewal } = parsed.value;
      admit(authorization, nodeName, path)
        .then(() => renewer.renew(nodeName, renewal))
        .then((lease) => answer({ seq, resourceVersion: lease.metadata.resourceVersion ?? '' }))
        .catch((err: unknown) => {
          if (!isApiError(err)) {
            logger.error({ err, node: nodeName }, 'heartbeat renewal failed');
            return refuse(seq, internalError('renewing the node lease failed'));
          }
          refuse(seq, err);
          // A credential that lost the right to renew will not get it back on this connection.
          if (err.code === 401 || err.code === 403) ws.close(POLICY_VIOLATION, err.message.slice(0, 120));
        });
    });
  }

  return {
    matches: (url) => url.split('?')[0].startsWith('/tugboat/v1/nodes/'),
    async handle(request, socket, head) {
      const url = request.url ?? '/';
      const nodeName = nodeOfHeartbeatPath(url);
      if (!nodeName) throw badRequest(`${url.split('?')[0]} is not a heartbeat channel: expected /tugboat/v1/nodes/<node>/heartbeat`);
      const path = url.split('?')[0];
      await admit(request.headers.authorization, nodeName, path);
      if ((request.headers.upgrade ?? '').toLowerCase() !== 'websocket') {
        throw badRequest(`unsupported upgrade "${request.headers.upgrade ?? ''}": the heartbeat channel is a WebSocket`);
      }
      server.handleUpgrade(request, socket, head, (ws) => serve(ws, request.headers.authorization, nodeName, path));
    },
  };
}
