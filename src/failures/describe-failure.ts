import {
  AuthorizationInvalidError,
  CredentialsError,
  InvalidRequestError,
  IpConfirmationError,
  IpNotWhitelistedError,
  PermissionError,
  UnknownWeChatError,
  UnsupportedApiError,
  type WeChatError,
} from '../wechat/errors/index.js';
import type { FailureDiagnostic, PlatformRef } from './diagnostic.js';
import { platformFault } from './platform-faults.js';
import { platformWhitelistRemedy } from './platform-remedy.js';
import {
  authorizationRemedy,
  credentialsRemedy,
  invalidRequestRemedy,
  ipConfirmationRemedy,
  permissionRemedy,
  unknownErrorRemedy,
  unsupportedApiRemedy,
  whitelistRemedy,
} from './remedy.js';

export interface FailureContext {
  accountId: string;
  appId: string;
  /** Epoch ms of the failure. */
  at: number;
  /** How long a whitelist fault blocks the account; 0 = no block. */
  blockMs: number;
  /** The attempt that failed (1 = the first) and the most the job may make; default 1 of 1. */
  attempt?: number;
  maxAttempts?: number;
  /** The platform the account gets its tokens through; null/absent = its own AppSecret. */
  platform?: PlatformRef | null;
}

/** How much of WeChat's errmsg a summary quotes (the diagnostic's errmsg field has it whole, capped at 500). */
const SUMMARY_QUOTE = 160;

function base(err: WeChatError, ctx: FailureContext) {
  return {
    accountId: ctx.accountId,
    appId: err.appId || ctx.appId,
    errcode: err.errcode,
    errmsg: err.errmsg,
    rid: err.rid,
    endpoint: err.endpoint,
    at: new Date(ctx.at).toISOString(),
    ip: null,
    ipv6: null,
    field: null,
    blockedUntil: null,
  };
}

/**
 * The diagnostic of a failure that retrying cannot fix, or null when the error is one
 * that retries (transient, quota, token, and an unknown answer before its last
 * attempt). Pure: the processor decides what to do with it (block the account, fail
 * the job unrecoverably).
 */
export function describeFailure(err: unknown, ctx: FailureContext): FailureDiagnostic | null {
  const diagnostic =
    platformFault(err, ctx) ??
    configurationFault(err, ctx) ??
    requestFault(err, ctx) ??
    unknownAnswer(err, ctx);
  // A platform account's diagnostic says which platform, whatever the fault.
  return diagnostic && ctx.platform ? { platform: ctx.platform, ...diagnostic } : diagnostic;
}

function configurationFault(err: unknown, ctx: FailureContext): FailureDiagnostic | null {
  if (err instanceof IpNotWhitelistedError) {
    const ip = err.ip ?? '(an IP WeChat did not state)';
    const platform = ctx.platform ?? null;
    return {
      ...base(err, ctx),
      code: 'IP_NOT_WHITELISTED',
      summary: platform
        ? `WeChat refused account ${ctx.accountId} (AppID ${ctx.appId}) because IP ${ip} is not in the IP whitelist of its third-party platform ${platform.platformId} (component AppID ${platform.componentAppId}).`
        : `WeChat refused account ${ctx.accountId} (AppID ${ctx.appId}) because IP ${ip} is not in its API IP whitelist.`,
      ip: err.ip,
      ipv6: err.ipv6,
      hint: err.hint,
      remedy: platform
        ? platformWhitelistRemedy(ctx.accountId, ctx.appId, err.ip, platform)
        : whitelistRemedy(ctx.accountId, ctx.appId, err.ip),
      blockedUntil: ctx.blockMs > 0 ? new Date(ctx.at + ctx.blockMs).toISOString() : null,
    };
  }
  if (err instanceof CredentialsError) {
    const platform = err.field === 'componentAppId' || err.field === 'componentAppSecret';
    return {
      ...base(err, ctx),
      code: 'BAD_CREDENTIALS',
      summary: platform
        ? `WeChat rejected the ${err.field} of the third-party platform ${err.appId} used by account ${ctx.accountId} with errcode ${err.errcode}.`
        : `WeChat rejected the ${err.field} of account ${ctx.accountId} (AppID ${ctx.appId}) with errcode ${err.errcode}.`,
      field: err.field,
      remedy: credentialsRemedy(ctx.accountId, platform ? err.appId : ctx.appId, err.field),
    };
  }
  if (err instanceof AuthorizationInvalidError) {
    return {
      ...base(err, ctx),
      code: 'AUTHORIZATION_INVALID',
      summary: `WeChat refused the platform's access to account ${ctx.accountId} (AppID ${ctx.appId}): its authorisation is no longer valid (errcode ${err.errcode}).`,
      remedy: authorizationRemedy(
        ctx.accountId,
        ctx.appId,
        err.errcode,
        undefined,
        ctx.platform?.platformId ?? null,
      ),
    };
  }
  if (err instanceof IpConfirmationError) {
    const refused = err.errcode === 89506 || err.errcode === 89507;
    const summary = refused
      ? `An administrator of account ${ctx.accountId} refused this server's IP (errcode ${err.errcode}).`
      : `WeChat is waiting for an administrator of account ${ctx.accountId} to confirm this server's IP (errcode ${err.errcode}).`;
    return {
      ...base(err, ctx),
      code: 'IP_CONFIRMATION',
      summary,
      remedy: ipConfirmationRemedy(ctx.accountId, err.errcode),
    };
  }
  if (err instanceof PermissionError) {
    return {
      ...base(err, ctx),
      code: 'PERMISSION',
      summary: `WeChat denied ${err.endpoint} to account ${ctx.accountId} (errcode ${err.errcode}): ${quote(err.errmsg)}`,
      remedy: permissionRemedy(ctx.accountId, err.endpoint, err.errcode),
    };
  }
  return null;
}

function requestFault(err: unknown, ctx: FailureContext): FailureDiagnostic | null {
  if (err instanceof InvalidRequestError) {
    return {
      ...base(err, ctx),
      code: 'INVALID_REQUEST',
      summary: `WeChat refused the ${err.endpoint} request of account ${ctx.accountId} as malformed (errcode ${err.errcode}): ${quote(err.errmsg)}`,
      remedy: invalidRequestRemedy(ctx.accountId, err.endpoint, err.errcode, err.rid),
    };
  }
  if (err instanceof UnsupportedApiError) {
    return {
      ...base(err, ctx),
      code: 'API_UNSUPPORTED',
      summary: `WeChat no longer supports ${err.endpoint}, called for account ${ctx.accountId} (errcode ${err.errcode}).`,
      remedy: unsupportedApiRemedy(ctx.accountId, err.endpoint),
    };
  }
  return null;
}

/** An answer nobody knows fails for good on its last attempt (UnknownWeChatError.maxAttempts, or the job's own). */
function unknownAnswer(err: unknown, ctx: FailureContext): FailureDiagnostic | null {
  if (!(err instanceof UnknownWeChatError)) return null;
  const attempt = ctx.attempt ?? 1;
  if (attempt < Math.min(err.maxAttempts, ctx.maxAttempts ?? 1)) return null;
  const what = err.errcode === null ? 'an unexpected answer' : `errcode ${err.errcode}`;
  return {
    ...base(err, ctx),
    code: 'WECHAT_ERROR',
    summary: `WeChat answered ${err.endpoint} for account ${ctx.accountId} with ${what}, unknown to wechat-sync, ${attempt} time(s): ${quote(err.errmsg)}`,
    remedy: unknownErrorRemedy(ctx.accountId, err.endpoint, err.errcode, attempt),
  };
}

/** errmsg is WeChat's (or a gateway's) text: capped, and on one line, before it enters a summary. */
function quote(errmsg: string): string {
  const flat = errmsg.replace(/\s+/g, ' ').trim();
  return flat.length > SUMMARY_QUOTE ? `${flat.slice(0, SUMMARY_QUOTE)}…` : flat;
}

/** Diagnostic of a job whose data does not validate (added by hand, or by an old producer). */
export function invalidDataDiagnostic(
  reason: string,
  accountId: string | null,
  at: number,
): FailureDiagnostic {
  return {
    code: 'INVALID_JOB_DATA',
    summary: `The job's data is invalid (${reason}); it was not run and will not be retried.`,
    accountId,
    appId: null,
    errcode: null,
    errmsg: null,
    ip: null,
    ipv6: null,
    rid: null,
    endpoint: null,
    field: null,
    at: new Date(at).toISOString(),
    remedy: ['Enqueue syncs through the API, the CLI or the scheduler, which build valid job data.'],
    blockedUntil: null,
  };
}

/** Diagnostic of a job for an account the accounts file does not (or no longer) list. */
export function unknownAccountDiagnostic(accountId: string, at: number): FailureDiagnostic {
  return {
    ...invalidDataDiagnostic('unknown account', accountId, at),
    code: 'UNKNOWN_ACCOUNT',
    summary: `Account ${accountId} is not in the accounts file of this worker; the job was not run.`,
    remedy: [
      `Add ${accountId} to the accounts file of every worker (they must all share one), or remove its schedule.`,
    ],
  };
}
