/*
 * Platform mode (third-party platform / component) controls: `sim.platform` (in process)
 * or `new SimulatorControl(url).platform`. Platforms are named by component AppID.
 *
 *   put(componentAppId, { secret, token, encodingAESKey, eventUrl?, name?, whitelist?, egressIp?,
 *       componentTokenTtlSec?, authorizerTokenTtlSec?, ticketTtlSec?,
 *       componentTokenReuse? = false, rotateRefreshToken? = false, authCodeReusable? = false })
 *   patch(componentAppId, partial)                       switches, whitelist, eventUrl, …
 *   pushTicket(componentAppId) → { ticket, createTime, push }   new ticket (12 h), pushed encrypted
 *   expireTickets(componentAppId)                        all tickets → 61005
 *   expireTokens(componentAppId)                         component tokens → 42001
 *   approve(componentAppId, { preAuthCode, authorizerAppId, funcIds?, redirectUri?, push? })
 *       → { redirectUrl (…?auth_code=…&expires_in=600), authCode, expiresIn, infoType, push }
 *   authorize(componentAppId, { authorizerAppId, funcIds?, push? })   the same without a link
 *       → { authCode, preAuthCode, expiresIn, infoType, push }
 *   revoke(componentAppId, authorizerAppId) → { push }    61023, tokens dead, `unauthorized` pushed
 *   authorizers(componentAppId) → Authorization[]        incl. refresh tokens and revoked ones
 *   addFault(componentAppId, FaultInput) / clearFaults(componentAppId)
 *   stats(componentAppId) → PlatformStats / resetStats(componentAppId)
 *       componentTokenCalls, componentTokensIssued, authorizerTokenCalls,
 *       authorizerTokensIssued {appId: n}, callsByEndpoint, errorsByCode, pushes {InfoType: n}
 *
 * `push` is the PushOutcome `{status, body, tries}` (null: no eventUrl, or push: false).
 * Pages: GET <sim>/cgi-bin/componentloginpage?… and <sim>/wxaopen/safe/bindcomponent?…
 * (point WECHAT_MP_BASE / WECHAT_OPEN_BASE at the simulator). Receiver for pushes:
 * test/helpers/platform-receiver.ts.
 */
import type { FaultInput } from './config.js';
import { controlCall } from './control-call.js';
import type { PlatformConfigInput } from './platform-config.js';
import type { Authorization, PlatformStats } from './platform-state.js';
import type { PushOutcome } from './push-sender.js';

/** What an approval answers: where WeChat sends the administrator's browser, and the push it sent. */
export interface ApprovalResult {
  /** `redirect_uri?auth_code=…&expires_in=600`. */
  redirectUrl: string;
  authCode: string;
  expiresIn: number;
  /** `authorized` the first time, `updateauthorized` when the account had already authorised. */
  infoType: 'authorized' | 'updateauthorized';
  /** The event push's outcome; null when the platform has no eventUrl or `push: false`. */
  push: PushOutcome | null;
}

/**
 * Controls of the simulator's third-party platform mode (`/__sim/platforms/…`); reached
 * as `sim.platform` / `sim.control.platform`. Platforms are named by their component
 * AppID, as WeChat knows them; an authorizer must be a simulated app (`putApp`) first.
 */
export class PlatformControl {
  constructor(private readonly baseUrl: string) {}

  /** Creates or replaces a platform (a replaced one loses tickets, tokens, codes, authorisations). */
  async put(componentAppId: string, cfg: PlatformConfigInput): Promise<void> {
    await this.call('PUT', this.path(componentAppId), cfg);
  }

  /** Changes settings or switches; everything else stays. */
  async patch(componentAppId: string, cfg: Partial<PlatformConfigInput>): Promise<void> {
    await this.call('PATCH', this.path(componentAppId), cfg);
  }

  /** Issues a new component_verify_ticket (valid 12 h on the sim clock) and pushes it, encrypted, to the eventUrl. */
  async pushTicket(
    componentAppId: string,
  ): Promise<{ ticket: string; createTime: number; push: PushOutcome | null }> {
    return (await this.call('POST', `${this.path(componentAppId)}/ticket`)) as {
      ticket: string;
      createTime: number;
      push: PushOutcome | null;
    };
  }

  /** Fault: every ticket pushed so far answers 61005 (expired). */
  async expireTickets(componentAppId: string): Promise<void> {
    await this.call('POST', `${this.path(componentAppId)}/expire-tickets`);
  }

  /** Every component_access_token of the platform answers 42001. */
  async expireTokens(componentAppId: string): Promise<void> {
    await this.call('POST', `${this.path(componentAppId)}/expire-tokens`);
  }

  /**
   * The administrator approves on the authorisation page opened with `preAuthCode`
   * (the page's redirect_uri, else `redirectUri`). Pushes `authorized` (or
   * `updateauthorized` on a re-authorisation, which replaces the refresh token) unless
   * `push: false`. 409 SimulatorControlError when the page would refuse (code used or
   * expired, `biz_appid` of another account, no redirect_uri).
   */
  async approve(
    componentAppId: string,
    input: {
      preAuthCode: string;
      authorizerAppId: string;
      funcIds?: number[];
      redirectUri?: string;
      push?: boolean;
    },
  ): Promise<ApprovalResult> {
    return (await this.call('POST', `${this.path(componentAppId)}/approve`, input)) as ApprovalResult;
  }

  /** A whole approval without a link (bulk set-ups): pushes `authorized` unless `push: false`. */
  async authorize(
    componentAppId: string,
    input: { authorizerAppId: string; funcIds?: number[]; push?: boolean },
  ): Promise<Omit<ApprovalResult, 'redirectUrl'> & { preAuthCode: string }> {
    return (await this.call('POST', `${this.path(componentAppId)}/authorize`, input)) as Omit<
      ApprovalResult,
      'redirectUrl'
    > & { preAuthCode: string };
  }

  /** The account cancels the authorisation: 61023 from then on, its tokens dead, `unauthorized` pushed. */
  async revoke(componentAppId: string, authorizerAppId: string): Promise<{ push: PushOutcome | null }> {
    const path = `${this.path(componentAppId)}/authorizers/${encodeURIComponent(authorizerAppId)}/revoke`;
    return (await this.call('POST', path)) as { push: PushOutcome | null };
  }

  /** Every authorisation the platform has had (revoked ones too), with refresh tokens: for assertions. */
  async authorizers(componentAppId: string): Promise<Authorization[]> {
    const body = (await this.call('GET', `${this.path(componentAppId)}/authorizers`)) as {
      authorizers: Authorization[];
    };
    return body.authorizers;
  }

  /** A fault on the platform's component endpoints (the app FaultInput; `pause` not supported). */
  async addFault(componentAppId: string, fault: FaultInput): Promise<void> {
    await this.call('POST', `${this.path(componentAppId)}/faults`, fault);
  }

  async clearFaults(componentAppId: string): Promise<void> {
    await this.call('DELETE', `${this.path(componentAppId)}/faults`);
  }

  async stats(componentAppId: string): Promise<PlatformStats> {
    return (await this.call('GET', `${this.path(componentAppId)}/stats`)) as PlatformStats;
  }

  async resetStats(componentAppId: string): Promise<void> {
    await this.call('DELETE', `${this.path(componentAppId)}/stats`);
  }

  private path(componentAppId: string): string {
    return `platforms/${encodeURIComponent(componentAppId)}`;
  }

  private call(method: string, path: string, body?: unknown): Promise<unknown> {
    return controlCall(this.baseUrl, method, path, body);
  }
}
