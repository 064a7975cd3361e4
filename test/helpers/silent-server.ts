import { once } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP server that accepts every connection and never sends a byte: what a hung Redis,
 * a paused container behind a port forward or a wrong port looks like to a client.
 */
export class SilentServer {
  readonly #sockets = new Set<Socket>();
  #accepted = 0;

  private constructor(
    readonly server: Server,
    readonly port: number,
  ) {}

  static async start(): Promise<SilentServer> {
    const server = createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const silent = new SilentServer(server, (server.address() as { port: number }).port);
    server.on('connection', (socket) => {
      silent.#accepted += 1;
      silent.#sockets.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => silent.#sockets.delete(socket));
    });
    return silent;
  }

  /** Connections accepted so far (a client that timed out did connect). */
  get accepted(): number {
    return this.#accepted;
  }

  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    this.server.close();
    await once(this.server, 'close');
  }
}
