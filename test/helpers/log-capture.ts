import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/log/index.js';

/** A real pino logger whose lines are kept in memory, so tests can assert on what was logged. */
export interface CapturedLog {
  logger: Logger;
  /** Every line as written (JSON text). */
  lines: string[];
  /** Lines parsed as objects. */
  entries(): Array<Record<string, unknown>>;
}

export function captureLog(level = 'debug'): CapturedLog {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) lines.push(line);
      done();
    },
  });
  return {
    logger: createLogger({ level, pretty: false, destination }),
    lines,
    entries: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
