import { createServer } from 'node:net';
import { ConfigError } from '../config/index.js';

/**
 * A listen error as the configuration fault it is: the port is taken or not ours to use.
 * Other errors are returned unchanged.
 */
export function listenFault(err: unknown, variable: string, host: string, port: number): unknown {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (code === 'EADDRINUSE') {
    return new ConfigError(
      variable,
      `${host}:${port} is already in use: stop what listens there or choose another ${variable}`,
    );
  }
  if (code === 'EACCES') return new ConfigError(variable, `not allowed to listen on ${host}:${port}`);
  if (code === 'EADDRNOTAVAIL') {
    return new ConfigError(
      variable === 'PORT' ? 'HOST' : variable,
      `${host} is not an address of this machine`,
    );
  }
  return err;
}

/**
 * Binds HOST:PORT for a moment and lets go, so a taken port stops the start before any
 * worker, scheduler or connection exists (the real listen later still maps a race loser
 * through listenFault). Port 0 (any free port) always passes.
 */
export async function assertPortFree(variable: string, host: string, port: number): Promise<void> {
  if (port === 0) return;
  const server = createServer();
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host, port, exclusive: true }, () => resolve());
    });
  } catch (err) {
    throw listenFault(err, variable, host, port);
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
