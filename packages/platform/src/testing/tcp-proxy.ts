import { connect, createServer, type Server, type Socket } from 'node:net';

export interface TcpProxy {
  /** Port the proxy listens on, on 127.0.0.1. */
  readonly port: number;
  /** Drops every connection through the proxy and refuses new ones until restore(). */
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

/**
 * A TCP proxy to cut a client's connection for real in a test, without touching other clients
 * of the same server (so tests can run in parallel against one broker).
 */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const links = new Set<[Socket, Socket]>();
  let isCut = false;

  const server = createServer((client) => {
    if (isCut) {
      client.destroy();
      return;
    }
    const upstream = connect(target.port, target.host);
    const link: [Socket, Socket] = [client, upstream];
    links.add(link);
    const drop = () => {
      links.delete(link);
      client.destroy();
      upstream.destroy();
    };
    for (const socket of link) {
      socket.on('error', drop);
      socket.on('close', drop);
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  const port = await listen(server);
  const cut = () => {
    isCut = true;
    for (const [client, upstream] of links) {
      client.destroy();
      upstream.destroy();
    }
    links.clear();
  };

  return {
    port,
    cut,
    restore() {
      isCut = false;
    },
    async close() {
      cut();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address && typeof address === 'object') resolve(address.port);
      else reject(new Error('TCP proxy has no port'));
    });
  });
}
