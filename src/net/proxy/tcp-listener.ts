/** A TCP listener for one (address, port): accepts and hands each connection to a session. */
import net from 'node:net';
import type { TcpSessionContext } from './tcp-session.js';
import { proxyTcpConnection } from './tcp-session.js';

export interface OpenListener {
  /** Stops accepting at once; connections already accepted keep running (they drain). */
  close(): void;
}

export function listenTcp(address: string, port: number, ctx: TcpSessionContext): Promise<OpenListener> {
  // allowHalfOpen: a client's FIN is forwarded as a FIN, not turned into a full close.
  const server = net.createServer({ allowHalfOpen: true, noDelay: true }, (client) => proxyTcpConnection(client, ctx));
  return new Promise((resolve, reject) => {
    const onListenError = (err: Error): void => reject(err);
    server.once('error', onListenError);
    server.listen({ host: address, port, exclusive: true }, () => {
      server.off('error', onListenError);
      server.on('error', (err) => ctx.logger.warn({ service: ctx.service, address, port, err: err.message }, 'listener error'));
      resolve({ close: () => server.close() });
    });
  });
}
