import net from 'node:net';

export interface TcpProxy {
  /** `127.0.0.1:port` to connect to instead of the target. */
  address: string;
  port: number;
  /** The outage: drops every open connection and refuses new ones. */
  cut(): Promise<void>;
  /** The end of the outage: takes connections again on the same port. */
  restore(): Promise<void>;
}

/** A TCP relay to `target` that a test can cut, to see a dependency become unreachable mid-flight. */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    // A reset from either side is the point of the exercise, not a test failure.
    socket.on('error', () => socket.destroy());
  };
  const relay = () =>
    net.createServer((client) => {
      const upstream = net.connect(target.port, target.host);
      track(client);
      track(upstream);
      client.pipe(upstream).pipe(client);
      client.once('close', () => upstream.destroy());
      upstream.once('close', () => client.destroy());
    });
  const listen = (server: net.Server, port: number) => new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
  let server = relay();
  await listen(server, 0);
  const { port } = server.address() as net.AddressInfo;
  return {
    address: `127.0.0.1:${port}`,
    port,
    cut: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
    async restore() {
      server = relay();
      await listen(server, port);
    },
  };
}
