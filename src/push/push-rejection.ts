import { ApiError } from '../api/api-errors.js';

/**
 * Why a push was refused, and the HTTP status it gets. The message names the reason
 * only: it never quotes the body, a signature or a key.
 */
export class PushRejection extends Error {
  override readonly name = 'PushRejection' as const;
  readonly retry = 'never' as const;

  constructor(
    readonly statusCode: 400 | 401 | 404 | 413,
    readonly reason: string,
  ) {
    super(reason);
  }
}

const CODE_OF_STATUS = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  404: 'NOT_FOUND',
  413: 'PAYLOAD_TOO_LARGE',
} as const;

/** The HTTP answer to a refused push (account pushes and platform events alike). */
export function apiErrorOf(rejection: PushRejection): ApiError {
  return new ApiError(CODE_OF_STATUS[rejection.statusCode], rejection.reason);
}
