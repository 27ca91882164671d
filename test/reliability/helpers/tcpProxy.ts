import net from 'node:net';

/**
 * A TCP proxy the tests put between two parties to break the line on purpose. `cut()` drops every
 * open connection and refuses new ones, as a restarted or unreachable peer looks from the other
 * side; `restore()` lets them through again. With `dropReplies` set, a share of connections lose
 * the answer: the request reaches the server whole, the reply never comes back. With `delayMs`,
 * answers are held back that long.
 */
export interface TcpProxy {
  readonly port: number;
  readonly stats: { connections: number; dropped: number; refused: number; cuts: number };
  cut(): void;
  restore(): void;
  setFaults(faults: { dropReplies?: number; delayMs?: number }): void;
  close(): Promise<void>;
}

export async function startTcpProxy(
  target: { host: string; port: number },
  random: () => number = Math.random,
): Promise<TcpProxy> {
  const open = new Set<net.Socket>();
  let isCut = false;
  let dropReplies = 0;
  let delayMs = 0;
  const stats = { connections: 0, dropped: 0, refused: 0, cuts: 0 };

  const server = net.createServer((client) => {
    if (isCut) {
      stats.refused++;
      client.destroy();
      return;
    }
    stats.connections++;
    const upstream = net.connect(target.port, target.host);
    open.add(client);
    open.add(upstream);
    const dropThis = random() < dropReplies;
    const closeBoth = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    const later = (action: () => void) => (delayMs > 0 ? setTimeout(action, delayMs) : action());
    client.on('error', closeBoth);
    upstream.on('error', closeBoth);
    client.on('close', closeBoth);
    // The answer may still be on its way through the delay: end the client after it.
    upstream.on('end', () => later(() => client.end()));
    upstream.on('close', () => later(closeBoth));
    client.on('data', (chunk) => upstream.write(chunk));
    upstream.on('data', (chunk) => {
      if (dropThis) {
        stats.dropped++;
        closeBoth();
        return;
      }
      later(() => client.write(chunk));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    stats,
    cut() {
      isCut = true;
      stats.cuts++;
      for (const socket of open) socket.destroy();
      open.clear();
    },
    restore() {
      isCut = false;
    },
    setFaults(faults) {
      dropReplies = faults.dropReplies ?? dropReplies;
      delayMs = faults.delayMs ?? delayMs;
    },
    async close() {
      for (const socket of open) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
