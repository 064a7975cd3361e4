import type { Socket } from 'node:net';
import { ApiError } from './api-errors.js';

/** What a malformed request, by Node's HTTP parser code, is told. */
function reasonFor(code: string | undefined): ApiError {
  switch (code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return new ApiError('REQUEST_TIMEOUT', 'request: not received in time');
    case 'HPE_HEADER_OVERFLOW':
      return new ApiError('HEADERS_TOO_LARGE', 'headers: larger than the server accepts');
    case 'HPE_INVALID_CONTENT_LENGTH':
    case 'HPE_UNEXPECTED_CONTENT_LENGTH':
      return new ApiError('BAD_REQUEST', 'content-length: invalid, or sent together with transfer-encoding');
    default:
      return new ApiError('BAD_REQUEST', 'request: malformed HTTP');
  }
}

/**
 * Fastify's clientErrorHandler: errors Node's HTTP parser raises before there is a
 * request (a bad Content-Length, a garbled request line, bytes past a declared length)
 * get the catalog's JSON shape instead of Node's bare status line or Fastify's own body.
 * The connection is closed: after a framing error the rest of its bytes cannot be trusted.
 */
export function clientErrorHandler(err: Error & { code?: string }, socket: Socket): void {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy(err);
    return;
  }
  const error = reasonFor(err.code);
  const body = JSON.stringify(error.toBody());
  socket.end(
    `HTTP/1.1 ${error.statusCode} ${error.code}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
