import type { z } from 'zod';
import type { Sensitive } from '../config/sensitive.js';
import { rememberSecret } from '../log/secret-registry.js';
import { AccessToken, type IssuedToken } from './access-token.js';
import * as answers from './answer-schemas.js';
import { RefreshToken } from './refresh-token.js';
import type { WeChatHttp, WeChatRequest } from './wechat-http.js';

/** A third-party platform's credentials; the secret stays wrapped until the request is built. */
export interface PlatformCredentials {
  componentAppId: string;
  componentAppSecret: Sensitive;
}

/** What an account's authorisation yields (api_query_auth). */
export interface AuthorizationGrant {
  authorizerAppId: string;
  token: IssuedToken;
  /** Does not expire until the account revokes or re-authorises: keep it where nothing can lose it. */
  refreshToken: Sensitive;
  /** The permission sets (funcscope_category ids) the account granted. */
  funcIds: number[];
}

export interface AuthorizerInfo {
  nickName: string;
  /** The original id, `gh_…`. */
  userName: string;
  principalName?: string;
  funcIds: number[];
  refreshToken?: Sensitive;
}

export interface AuthorizerListEntry {
  authorizerAppId: string;
  refreshToken: Sensitive;
  /** Unix seconds of the authorisation. */
  authTime: number;
}

/** WeChat's cap for one api_get_authorizer_list page. */
export const MAX_AUTHORIZER_LIST_COUNT = 500;

const BASE = '/cgi-bin/component';

/**
 * WeChat's third-party platform ("component") API: the platform's own token, the
 * authorisation of accounts, and each authorised account's token. Same wire, classifier
 * and scrubbing as the account calls (WeChatHttp); the component secret, the ticket, the
 * component token and every refresh token sent or received are in the call's `redact`,
 * and refresh tokens received are registered with the log scrubber. Errors name the
 * component AppID, except the calls made for one account (its token, its info), which
 * name the account's AppID so that 61023 / 61003 point at the account to re-authorise.
 */
export class ComponentApi {
  readonly #http: WeChatHttp;
  readonly #now: () => number;

  constructor(http: WeChatHttp, now: () => number) {
    this.#http = http;
    this.#now = now;
  }

  /** `api_component_token`: the platform's token (2 h), from its secret and the last pushed ticket. */
  async fetchComponentToken(p: PlatformCredentials, ticket: Sensitive): Promise<IssuedToken> {
    const secret = p.componentAppSecret.reveal();
    const verifyTicket = ticket.reveal();
    const json = {
      component_appid: p.componentAppId,
      component_appsecret: secret,
      component_verify_ticket: verifyTicket,
    };
    const req: WeChatRequest = {
      appId: p.componentAppId,
      method: 'POST',
      path: `${BASE}/api_component_token`,
      json,
      redact: [secret, verifyTicket],
    };
    const answer = await this.#http.call(req, answers.componentTokenAnswer);
    return this.#issued(answer.component_access_token, answer.expires_in);
  }

  /** `api_create_preauthcode`: the code an authorisation link carries (30 min). */
  async createPreAuthCode(
    componentAppId: string,
    componentToken: AccessToken,
  ): Promise<{ preAuthCode: string; expiresInSec: number }> {
    const json = { component_appid: componentAppId };
    const answer = await this.#call(
      componentAppId,
      componentToken,
      'api_create_preauthcode',
      json,
      [],
      answers.preAuthCodeAnswer,
    );
    return { preAuthCode: answer.pre_auth_code, expiresInSec: answer.expires_in };
  }

  /** `api_query_auth`: exchanges the single-use auth code of an approval for the account's tokens. */
  async queryAuth(
    componentAppId: string,
    componentToken: AccessToken,
    authCode: string,
  ): Promise<AuthorizationGrant> {
    const json = { component_appid: componentAppId, authorization_code: authCode };
    const { authorization_info: info } = await this.#call(
      componentAppId,
      componentToken,
      'api_query_auth',
      json,
      [authCode],
      answers.queryAuthAnswer,
    );
    return {
      authorizerAppId: info.authorizer_appid,
      token: this.#issued(info.authorizer_access_token, info.expires_in),
      refreshToken: received(info.authorizer_refresh_token),
      funcIds: info.func_info,
    };
  }

  /**
   * `api_authorizer_token`: a fresh access token of an authorised account. WeChat may
   * answer a new refresh token: the caller stores the one returned, always.
   */
  async fetchAuthorizerToken(
    componentAppId: string,
    componentToken: AccessToken,
    authorizerAppId: string,
    refreshToken: Sensitive,
  ): Promise<{ token: IssuedToken; refreshToken: Sensitive }> {
    const refresh = refreshToken.reveal();
    const json = {
      component_appid: componentAppId,
      authorizer_appid: authorizerAppId,
      authorizer_refresh_token: refresh,
    };
    const answer = await this.#call(
      authorizerAppId,
      componentToken,
      'api_authorizer_token',
      json,
      [refresh],
      answers.authorizerTokenAnswer,
    );
    return {
      token: this.#issued(answer.authorizer_access_token, answer.expires_in),
      refreshToken: received(answer.authorizer_refresh_token),
    };
  }

  /** `api_get_authorizer_info`: the account's names and what it granted. */
  async getAuthorizerInfo(
    componentAppId: string,
    componentToken: AccessToken,
    authorizerAppId: string,
  ): Promise<AuthorizerInfo> {
    const json = { component_appid: componentAppId, authorizer_appid: authorizerAppId };
    const answer = await this.#call(
      authorizerAppId,
      componentToken,
      'api_get_authorizer_info',
      json,
      [],
      answers.authorizerInfoAnswer,
    );
    const { authorizer_info: who, authorization_info: grant } = answer;
    return {
      nickName: who.nick_name,
      userName: who.user_name,
      ...(who.principal_name !== undefined ? { principalName: who.principal_name } : {}),
      funcIds: grant.func_info,
      ...(grant.authorizer_refresh_token ? { refreshToken: received(grant.authorizer_refresh_token) } : {}),
    };
  }

  /** `api_get_authorizer_list`: every account that authorised the platform, with its refresh token (recovery). */
  async listAuthorizers(
    componentAppId: string,
    componentToken: AccessToken,
    offset: number,
    count: number,
  ): Promise<{ totalCount: number; list: AuthorizerListEntry[] }> {
    if (!Number.isInteger(offset) || offset < 0) {
      throw new RangeError(`offset must be an integer >= 0, got ${offset}`);
    }
    if (!Number.isInteger(count) || count < 1 || count > MAX_AUTHORIZER_LIST_COUNT) {
      throw new RangeError(`count must be an integer in 1..${MAX_AUTHORIZER_LIST_COUNT}, got ${count}`);
    }
    const json = { component_appid: componentAppId, offset, count };
    const answer = await this.#call(
      componentAppId,
      componentToken,
      'api_get_authorizer_list',
      json,
      [],
      answers.authorizerListAnswer,
    );
    return {
      totalCount: answer.total_count,
      list: answer.list.map((entry) => ({
        authorizerAppId: entry.authorizer_appid,
        refreshToken: received(entry.refresh_token),
        authTime: entry.auth_time,
      })),
    };
  }

  /** A call authenticated by the component token, revealed only into this request's query string. */
  #call<T>(
    appId: string,
    componentToken: AccessToken,
    name: string,
    json: Record<string, unknown>,
    alsoRedact: readonly string[],
    schema: z.ZodType<T, unknown>,
  ): Promise<T> {
    const token = componentToken.reveal();
    const req: WeChatRequest = {
      appId,
      method: 'POST',
      path: `${BASE}/${name}`,
      query: { component_access_token: token },
      json,
      redact: [token, ...alsoRedact],
    };
    return this.#http.call(req, schema);
  }

  #issued(token: string, expiresInSec: number): IssuedToken {
    return { token: new AccessToken(token), expiresAt: this.#now() + expiresInSec * 1000 };
  }
}

/** A refresh token from WeChat: wrapped, and known to the log scrubber from now on. */
function received(value: string): Sensitive {
  rememberSecret(value);
  return new RefreshToken(value);
}
