import { z } from 'zod';
import { AuthorizationInvalidError } from './authorization-invalid-error.js';
import { ComponentTicketError } from './component-ticket-error.js';
import { CredentialsError } from './credentials-error.js';
import { InvalidRequestError } from './invalid-request-error.js';
import { IpConfirmationError } from './ip-confirmation-error.js';
import { IpNotWhitelistedError } from './ip-not-whitelisted-error.js';
import { PermissionError } from './permission-error.js';
import { QuotaError } from './quota-error.js';
import { TokenInvalidError } from './token-invalid-error.js';
import { TokenNotRenewedError } from './token-not-renewed-error.js';
import { TransientError } from './transient-error.js';
import { UnknownWeChatError } from './unknown-wechat-error.js';
import { UnsupportedApiError } from './unsupported-api-error.js';
import type { WeChatError } from './wechat-error.js';

const baseData = z.object({
  errcode: z.number().int().nullable(),
  errmsg: z.string(),
  rid: z.string().nullable(),
  appId: z.string(),
  endpoint: z.string(),
});

/**
 * One schema per class, keyed by its literal `name`: the `toJSON()` of an error is the
 * wire format between processes (token refresh results, job diagnostics), and its
 * constructor rebuilds the same message from the same data.
 */
const builders = {
  AuthorizationInvalidError: (json: unknown) => new AuthorizationInvalidError(baseData.parse(json)),
  ComponentTicketError: (json: unknown) => new ComponentTicketError(baseData.parse(json)),
  CredentialsError: (json: unknown) =>
    new CredentialsError(
      baseData
        .extend({ field: z.enum(['appId', 'appSecret', 'componentAppId', 'componentAppSecret']) })
        .parse(json),
    ),
  InvalidRequestError: (json: unknown) => new InvalidRequestError(baseData.parse(json)),
  IpConfirmationError: (json: unknown) => new IpConfirmationError(baseData.parse(json)),
  IpNotWhitelistedError: (json: unknown) =>
    new IpNotWhitelistedError(
      baseData
        // `hint` is absent from errors written before it was kept.
        .extend({
          ip: z.string().nullable(),
          ipv6: z.string().nullable(),
          hint: z.string().nullable().default(null),
        })
        .parse(json),
    ),
  PermissionError: (json: unknown) => new PermissionError(baseData.parse(json)),
  QuotaError: (json: unknown) =>
    new QuotaError(baseData.extend({ scope: z.enum(['daily', 'minute']), retryAt: z.number() }).parse(json)),
  TokenInvalidError: (json: unknown) => new TokenInvalidError(baseData.parse(json)),
  TokenNotRenewedError: (json: unknown) =>
    new TokenNotRenewedError(baseData.extend({ retryAt: z.number() }).parse(json)),
  TransientError: (json: unknown) =>
    new TransientError(
      baseData
        .extend({
          kind: z.enum(['busy', 'http-status', 'timeout', 'network', 'bad-response']),
          statusCode: z.number().int().nullable(),
        })
        .parse(json),
    ),
  UnknownWeChatError: (json: unknown) => new UnknownWeChatError(baseData.parse(json)),
  UnsupportedApiError: (json: unknown) => new UnsupportedApiError(baseData.parse(json)),
} satisfies Record<string, (json: unknown) => WeChatError>;

/** Names `errorFromJson` can rebuild. */
export type WeChatErrorName = keyof typeof builders;

function isKnownName(name: unknown): name is WeChatErrorName {
  return typeof name === 'string' && Object.hasOwn(builders, name);
}

/**
 * Rebuilds a WeChat error from its `toJSON()` as an instance of the same class with
 * the same data and message. Throws a `TypeError` naming the problem when the value
 * is not such a JSON (unknown `name`, missing or mistyped field), so a caller never
 * rethrows a half-read error as if it came from WeChat.
 */
export function errorFromJson(json: unknown): WeChatError {
  const name = typeof json === 'object' && json !== null ? (json as { name?: unknown }).name : undefined;
  if (!isKnownName(name)) {
    throw new TypeError(`errorFromJson: not a known WeChat error name: ${JSON.stringify(name ?? null)}`);
  }
  try {
    return builders[name](json);
  } catch (err) {
    if (err instanceof z.ZodError) {
      const fields = err.issues.map((issue) => issue.path.join('.') || '(root)').join(', ');
      throw new TypeError(`errorFromJson: ${name} has missing or invalid fields: ${fields}`);
    }
    throw err;
  }
}
