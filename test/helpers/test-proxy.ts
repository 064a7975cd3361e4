import { once } from 'node:events';
import { createServer, type IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { createProxy } from 'proxy';

/** One request the proxy carried: a tunnel (CONNECT) and the HTTP calls seen inside it. */
export interface ProxiedCall {
  method: string;
  /** Path without the query string (which would hold `access_token` or `secret`). */
  path: string;
}

export interface TestProxy {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** The address its outgoing connections leave from, as the upstream sees it. */
  egressIp: string;
  tunnels(): number;
  /** Every HTTP call that went through a tunnel, in order: the proxy's access log. */
  calls(): ProxiedCall[];
  close(): Promise<void>;
}

/** Request lines at the start of a request inside a tunnel (the simulator speaks plain HTTP). */
const REQUEST_LINE = /(GET|POST|PUT|DELETE|PATCH) (\/[^\s?]*)(?:\?\S*)? HTTP\/1\.[01]\r\n/g;

/**
 * A real forward proxy (the npm `proxy` package, which hpagent's own tests use) on an
 * ephemeral port, its outgoing connections bound to `egressIp` (any 127/8 address is
 * loopback on Linux) so the upstream can tell proxied calls from direct ones. It also
 * keeps an access log of the calls inside its CONNECT tunnels: with plain HTTP inside,
 * the request lines are readable; scanned per socket as the bytes pass.
 */
export async function startTestProxy(egressIp = '127.0.0.2'): Promise<TestProxy> {
  const server = createProxy(createServer());
  server.localAddress = egressIp;
  const calls: ProxiedCall[] = [];
  const sockets = new Set<Socket>();
  let tunnels = 0;
  server.prependListener('connect', (_req: IncomingMessage, socket: Socket) => {
    tunnels += 1;
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    let tail = '';
    socket.on('data', (chunk: Buffer) => {
      // Keep a short tail so a request line split across two chunks is still seen once.
      const text = tail + chunk.toString('latin1');
      let lastEnd = 0;
      for (const match of text.matchAll(REQUEST_LINE)) {
        calls.push({ method: match[1] as string, path: match[2] as string });
        lastEnd = (match.index ?? 0) + match[0].length;
      }
      tail = text.slice(Math.max(lastEnd, text.length - 2048));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    egressIp,
    tunnels: () => tunnels,
    calls: () => [...calls],
    async close() {
      for (const socket of sockets) socket.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
