import { connect, createServer, type Socket } from 'node:net';

/** A TCP proxy on 127.0.0.1 whose target can be changed: `moveTo` drops current links, new ones go to the new port. */
export async function startSwitchProxy(targetPort: number) {
  let target = targetPort;
  const links = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(target, '127.0.0.1');
    for (const socket of [client, upstream]) {
      links.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => {
        links.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const dropAll = () => {
    for (const socket of links) socket.destroy();
  };
  return {
    url: `http://127.0.0.1:${port}`,
    moveTo(newPort: number) {
      target = newPort;
      dropAll();
    },
    close: () => {
      dropAll();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
