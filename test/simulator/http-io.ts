import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Reply, WECHAT_JSON_TYPE } from './reply.js';

/** WeChat's own bodies are small; anything bigger is a client bug, not a reason to buffer it. */
const MAX_BODY_BYTES = 1_048_576;

export class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError' as const;
  constructor() {
    super(`request body over ${MAX_BODY_BYTES} bytes`);
  }
}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLargeError();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function writeText(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

export function writeJson(
  res: ServerResponse,
  status: number,
  body: object,
  contentType = WECHAT_JSON_TYPE,
): void {
  writeText(res, status, contentType, JSON.stringify(body));
}

/**
 * Writes a WeChat answer. `reset` sends a TCP RST (not a clean FIN), which is what a
 * client sees as ECONNRESET when a middlebox kills the connection.
 */
export function writeReply(res: ServerResponse, reply: Reply): void {
  switch (reply.kind) {
    case 'json':
      writeJson(res, reply.status, reply.body);
      return;
    case 'raw':
      writeText(res, reply.status, reply.contentType, reply.body);
      return;
    case 'reset':
      res.socket?.resetAndDestroy();
      return;
  }
}
