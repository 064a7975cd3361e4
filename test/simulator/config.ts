import { z } from 'zod';
import { isSimErrcode } from './error-messages.js';
import { MAX_OVERLAP_SEC } from './tokens.js';

const ip = z.union([z.ipv4(), z.ipv6()]);
const count = z.number().int().min(0).max(1_000_000);

export const seedSchema = z.strictObject({
  articles: count.optional(),
  drafts: count.optional(),
  followers: count.optional(),
  materials: z
    .strictObject({
      image: count.optional(),
      video: count.optional(),
      voice: count.optional(),
      news: count.optional(),
    })
    .optional(),
});

/** One simulated app, as `PUT /__sim/apps/:appId` takes it. */
export const appConfigSchema = z.strictObject({
  secret: z.string().min(1),
  /** IPv4 list; null/absent = whitelist check off. Entries match exactly (WeChat takes single IPs). */
  whitelist: z.array(ip).nullable().optional(),
  /** The IP the simulator pretends to see for this app. */
  egressIp: ip.optional(),
  ipErrorShape: z.literal([1, 2, 3, 4, 5, 6, 7]).optional(),
  tokenTtlSec: z.number().int().min(1).optional(),
  tokenOverlapSec: z.number().int().min(0).max(MAX_OVERLAP_SEC).optional(),
  /** Daily limits per cgi path, merged over the defaults; false = unlimited. */
  quotas: z
    .union([z.record(z.string().startsWith('/'), z.number().int().min(0)), z.literal(false)])
    .optional(),
  /** Every data call takes this long. */
  latencyMs: z.number().int().min(0).optional(),
  /** Every token call takes this long (lets tests make token fetches overlap). */
  tokenLatencyMs: z.number().int().min(0).optional(),
  seed: seedSchema.optional(),
  /**
   * Where freepublish items carry their times (wechat-api.md, Data APIs): `content` (the
   * default, as a real answer captured in a public SDK's tests), `item` (as documented),
   * or `both`.
   */
  articleTimes: z.enum(['content', 'item', 'both']).optional(),
  /** Send those times as numeric strings (one SDK types them so); default false. */
  timesAsStrings: z.boolean().optional(),
  /**
   * The first N published posts come with no time at all, neither on the item nor in its
   * content: a malformed entry (the corpus holds its shape), for tests of a page whose
   * other entries must still be stored. Default 0.
   */
  untimedArticles: z.number().int().min(0).optional(),
  /**
   * How user/get ends: `last-openid` (the default, real: the last page keeps next_openid =
   * its last openid and the next call answers count 0 without data) or `empty`
   * (next_openid '' on the last page, as some answers have).
   */
  followersEnd: z.enum(['last-openid', 'empty']).optional(),
  /**
   * A stable_token force less than 30 s after the previous one: `current-token` (the
   * default, real: no refresh, no error, the current token) or `45011` (an error, as
   * this simulator answered before wechat-api.md was corrected).
   */
  forceRefreshTooSoon: z.enum(['current-token', '45011']).optional(),
  /** Fault switch: every datacube call whose range covers one of these days (YYYY-MM-DD) answers -1. */
  datacubeFailDays: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/)).optional(),
});

export type AppConfigInput = z.infer<typeof appConfigSchema>;
export type SeedInput = z.infer<typeof seedSchema>;

export const appPatchSchema = appConfigSchema.partial();

export const FAULT_KINDS = [
  'busy',
  'http5xx',
  'slow',
  'malformed',
  'html',
  'reset',
  'quota-daily',
  'quota-minute',
  'token-expired',
  'pause',
  'errcode',
] as const;

export const faultSchema = z
  .strictObject({
    kind: z.enum(FAULT_KINDS),
    /** cgi path filter, e.g. `/cgi-bin/stable_token`; absent = every endpoint of the app. */
    endpoint: z.string().startsWith('/').optional(),
    /** How many calls it hits, then it is gone; absent = until cleared. */
    times: z.number().int().min(1).optional(),
    /** Probability per matching call; absent = every matching call. */
    rate: z.number().min(0).max(1).optional(),
    /** For `slow`. */
    delayMs: z.number().int().min(0).optional(),
    /** Lets this many matching calls through untouched before the fault starts hitting. */
    afterCalls: z.number().int().min(0).optional(),
    /** For `errcode`: the code to answer, one of error-messages.ts unless `errmsg` is given. */
    errcode: z.number().int().optional(),
    /** For `errcode`: a text of the test's own (WeChat appends the rid); bounded like WeChat's. */
    errmsg: z.string().max(500).optional(),
  })
  .refine((f) => f.kind !== 'errcode' || f.errcode !== undefined, {
    path: ['errcode'],
    error: 'required for kind errcode',
  })
  .refine((f) => f.errcode === undefined || f.errmsg !== undefined || isSimErrcode(f.errcode), {
    path: ['errcode'],
    error: 'not a code the simulator has a text for: give errmsg too',
  });

export type FaultInput = z.infer<typeof faultSchema>;
export type FaultKind = FaultInput['kind'];

export const settingsSchema = z.strictObject({
  /** The IP the simulator pretends to see for apps without their own egressIp; null = the socket's. */
  egressIp: ip.nullable().optional(),
});

export const advanceSchema = z.strictObject({ ms: z.number().int().min(0) });

/** `POST /__sim/apps/:appId/held/wait`: wait until `count` (1) calls are held, at most `timeoutMs` (20 000). */
export const heldWaitSchema = z.strictObject({
  count: z.number().int().min(1).max(1000).optional(),
  timeoutMs: z.number().int().min(1).max(600_000).optional(),
});

/** `SIM_APPS_FILE` for `npm run simulator`: `{ [appId]: AppConfigInput }`. */
export const appsFileSchema = z.record(z.string().min(1), appConfigSchema);
