import { once } from 'node:events';
import { createServer } from 'node:net';

/**
 * A loopback TCP port nothing listens on right now: bound by the OS, then released. Used
 * for "Redis is unreachable" and for entry points whose PORT must be a real number.
 */
export async function unusedPort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}
