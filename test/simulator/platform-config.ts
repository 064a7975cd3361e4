import { z } from 'zod';

const ip = z.union([z.ipv4(), z.ipv6()]);
const funcIds = z.array(z.number().int().min(1).max(1000)).max(100);

/**
 * One simulated third-party platform, as `PUT /__sim/platforms/:componentAppId` takes it.
 * The switches default to what real WeChat does, or (where that is uncertain) to the
 * stricter behaviour; both sides are tested.
 */
export const platformConfigSchema = z.strictObject({
  /** component_appsecret. */
  secret: z.string().min(1),
  /** The push Token of the platform's authorisation-event URL (msg_signature). */
  token: z.string().min(1),
  /** 43 characters; the pushes are always encrypted with it (the appid inside = the component AppID). */
  encodingAESKey: z.string().regex(/^[A-Za-z0-9+/]{43}$/, 'must be 43 characters of A-Z a-z 0-9 + /'),
  /** The platform's authorisation-event URL (授权事件接收URL); null/absent = pushes are not sent. */
  eventUrl: z
    .url({ protocol: /^https?$/ })
    .nullable()
    .optional(),
  /** Shown on the authorisation page. */
  name: z.string().max(100).optional(),
  /** The platform's whitelist (one for all its accounts); null/absent = off. */
  whitelist: z.array(ip).nullable().optional(),
  /** The IP the simulator pretends to see for this platform's calls (else the global one, else the socket's). */
  egressIp: ip.optional(),
  componentTokenTtlSec: z.number().int().min(1).optional(),
  authorizerTokenTtlSec: z.number().int().min(1).optional(),
  /** Seconds a pushed ticket is accepted; default 12 h. */
  ticketTtlSec: z.number().int().min(1).optional(),
  /**
   * api_component_token: `true` answers the same token while it is valid (remaining life
   * in expires_in); `false` (default; uncertain at WeChat) issues a new token every call,
   * the previous ones staying valid until their own expiry.
   */
  componentTokenReuse: z.boolean().optional(),
  /** api_authorizer_token answers a NEW refresh token each call (the old one then gets 61023); default false. */
  rotateRefreshToken: z.boolean().optional(),
  /** An auth code can be exchanged by api_query_auth more than once (until it expires); default false (single use). */
  authCodeReusable: z.boolean().optional(),
});

export type PlatformConfigInput = z.infer<typeof platformConfigSchema>;

export const platformPatchSchema = platformConfigSchema.partial();

/** `POST /__sim/platforms/:id/approve`: the administrator approves on the authorisation page. */
export const approveSchema = z.strictObject({
  preAuthCode: z.string().min(1),
  authorizerAppId: z.string().min(1),
  /** Permission sets ticked; default [1, 15] (messages, materials-ish: any ids the test wants). */
  funcIds: funcIds.optional(),
  /** Overrides the redirect_uri the page was opened with (needed when no page was opened). */
  redirectUri: z.url({ protocol: /^https?$/ }).optional(),
  /** Send the `authorized` / `updateauthorized` push (default true); false = only the redirect carries the code. */
  push: z.boolean().optional(),
});

export type ApproveInput = z.infer<typeof approveSchema>;

/** `POST /__sim/platforms/:id/authorize`: the whole approval at once, without a link (bulk set-ups). */
export const authorizeSchema = z.strictObject({
  authorizerAppId: z.string().min(1),
  funcIds: funcIds.optional(),
  /** Send the `authorized` / `updateauthorized` push (default true). */
  push: z.boolean().optional(),
});

export type AuthorizeInput = z.infer<typeof authorizeSchema>;

/** `SIM_APPS_FILE` may also be `{ apps: {...}, platforms: { [componentAppId]: PlatformConfigInput } }`. */
export const platformsFileSchema = z.record(z.string().min(1), platformConfigSchema);
