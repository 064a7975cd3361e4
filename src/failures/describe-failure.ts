import {
  CredentialsError,
  IpConfirmationError,
  IpNotWhitelistedError,
  PermissionError,
  type WeChatError,
} from '../wechat/errors/index.js';
import type { FailureDiagnostic } from './diagnostic.js';
import { credentialsRemedy, ipConfirmationRemedy, permissionRemedy, whitelistRemedy } from './remedy.js';

export interface FailureContext {
  accountId: string;
  appId: string;
  /** Epoch ms of the failure. */
  at: number;
  /** How long a whitelist fault blocks the account; 0 = no block. */
  blockMs: number;
}

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
 * that retries (transient, quota, token, unknown). Pure: the processor decides what to
 * do with it (block the account, fail the job unrecoverably).
 */
export function describeFailure(err: unknown, ctx: FailureContext): FailureDiagnostic | null {
  if (err instanceof IpNotWhitelistedError) {
    const ip = err.ip ?? '(an IP WeChat did not state)';
    return {
      ...base(err, ctx),
      code: 'IP_NOT_WHITELISTED',
      summary: `WeChat refused account ${ctx.accountId} (AppID ${ctx.appId}) because IP ${ip} is not in its API IP whitelist.`,
      ip: err.ip,
      ipv6: err.ipv6,
      remedy: whitelistRemedy(ctx.accountId, ctx.appId, err.ip),
      blockedUntil: ctx.blockMs > 0 ? new Date(ctx.at + ctx.blockMs).toISOString() : null,
    };
  }
  if (err instanceof CredentialsError) {
    return {
      ...base(err, ctx),
      code: 'BAD_CREDENTIALS',
      summary: `WeChat rejected the ${err.field} of account ${ctx.accountId} (AppID ${ctx.appId}) with errcode ${err.errcode}.`,
      field: err.field,
      remedy: credentialsRemedy(ctx.accountId, ctx.appId, err.field),
    };
  }
  if (err instanceof IpConfirmationError) {
    return {
      ...base(err, ctx),
      code: 'IP_CONFIRMATION',
      summary: `WeChat is waiting for an administrator of account ${ctx.accountId} to confirm this server's IP (errcode ${err.errcode}).`,
      remedy: ipConfirmationRemedy(ctx.accountId, err.errcode),
    };
  }
  if (err instanceof PermissionError) {
    return {
      ...base(err, ctx),
      code: 'PERMISSION',
      summary: `WeChat denied ${err.endpoint} to account ${ctx.accountId} (errcode ${err.errcode}).`,
      remedy: permissionRemedy(ctx.accountId, err.endpoint),
    };
  }
  return null;
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
