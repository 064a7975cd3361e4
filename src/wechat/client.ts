import type { z } from 'zod';
import { AccessToken, type AppCredentials, type IssuedToken } from './access-token.js';
import * as answers from './answer-schemas.js';
import { ComponentApi } from './component-api.js';
import type {
  ApiQuota,
  DatacubeApi,
  DatacubeRow,
  DraftCount,
  DraftPage,
  FollowerPage,
  MaterialCount,
  MaterialPage,
  MaterialType,
  NewsItem,
  PublishedPage,
  UserInfoBatch,
} from './types.js';
import { type CallObserver, WeChatHttp, type WeChatRequest } from './wechat-http.js';

export interface WeChatClientOptions {
  /** WeChat's origin, `https://api.weixin.qq.com` (the simulator's URL in tests). */
  baseUrl: string;
  /** Limit for one whole call, connect to last byte. */
  timeoutMs: number;
  /** Clock for token expiry and quota reset times; defaults to Date.now. */
  now?: () => number;
  /** Keep-alive sockets per origin and protocol; default 50. */
  maxSockets?: number;
  /** Told every call's endpoint and outcome (metrics); default: nobody. */
  onCall?: CallObserver;
  /** WECHAT_PROXY_URL: every call through this HTTP(S) forward proxy; absent or null = direct. */
  proxyUrl?: string | null;
  /** Largest answer read; default MAX_ANSWER_BYTES (16 MiB). */
  maxAnswerBytes?: number;
}

export interface PageParams {
  offset: number;
  /** 1..20, WeChat's limit for these lists. */
  count: number;
  /** Leave out article HTML (smaller answers when only metadata is needed). */
  noContent?: boolean;
}

/** WeChat caps `user/info/batchget` at 100 openids a call. */
export const MAX_USER_INFO_BATCH = 100;
/** WeChat caps the batchget lists at 20 items a page. */
export const MAX_PAGE_COUNT = 20;

/**
 * WeChat Official Account API client. Every failure is a WeChatError from ./errors that
 * says whether a retry can help; no method retries by itself (the job queue does).
 * Credentials are revealed only into the request being built and are scrubbed from
 * anything an error quotes.
 */
export class WeChatClient {
  readonly #http: WeChatHttp;
  readonly #now: () => number;
  /** The third-party platform (component) calls, on the same wire. */
  readonly component: ComponentApi;

  constructor(opts: WeChatClientOptions) {
    this.#now = opts.now ?? Date.now;
    this.#http = new WeChatHttp({
      baseUrl: opts.baseUrl,
      timeoutMs: opts.timeoutMs,
      maxSockets: opts.maxSockets ?? 50,
      now: this.#now,
      ...(opts.onCall ? { onCall: opts.onCall } : {}),
      proxyUrl: opts.proxyUrl ?? null,
      ...(opts.maxAnswerBytes ? { maxAnswerBytes: opts.maxAnswerBytes } : {}),
    });
    this.component = new ComponentApi(this.#http, this.#now);
  }

  /** `GET /cgi-bin/token`. Each call supersedes the app's previous /cgi-bin/token token. */
  async fetchToken(app: AppCredentials): Promise<IssuedToken> {
    const secret = app.appSecret.reveal();
    const query = { grant_type: 'client_credential', appid: app.appId, secret };
    const req: WeChatRequest = {
      appId: app.appId,
      method: 'GET',
      path: '/cgi-bin/token',
      query,
      redact: [secret],
    };
    return this.#issued(await this.#http.call(req, answers.tokenAnswer));
  }

  /**
   * `POST /cgi-bin/stable_token`: the same token while it is valid, so several callers of
   * one app do not invalidate each other. `forceRefresh` is limited by WeChat to 20 a day.
   */
  async fetchStableToken(app: AppCredentials, forceRefresh = false): Promise<IssuedToken> {
    const secret = app.appSecret.reveal();
    const json = { grant_type: 'client_credential', appid: app.appId, secret, force_refresh: forceRefresh };
    const req: WeChatRequest = {
      appId: app.appId,
      method: 'POST',
      path: '/cgi-bin/stable_token',
      json,
      redact: [secret],
    };
    return this.#issued(await this.#http.call(req, answers.tokenAnswer));
  }

  /** `POST /cgi-bin/freepublish/batchget`. */
  async batchGetPublished(appId: string, token: AccessToken, p: PageParams): Promise<PublishedPage> {
    checkPage(p);
    const json = { offset: p.offset, count: p.count, no_content: p.noContent ? 1 : 0 };
    return this.#data(appId, token, 'POST', '/cgi-bin/freepublish/batchget', answers.publishedPage, { json });
  }

  /** `POST /cgi-bin/draft/batchget`. */
  async batchGetDrafts(appId: string, token: AccessToken, p: PageParams): Promise<DraftPage> {
    checkPage(p);
    const json = { offset: p.offset, count: p.count, no_content: p.noContent ? 1 : 0 };
    return this.#data(appId, token, 'POST', '/cgi-bin/draft/batchget', answers.draftPage, { json });
  }

  /** `GET /cgi-bin/draft/count`. */
  async getDraftCount(appId: string, token: AccessToken): Promise<DraftCount> {
    return this.#data(appId, token, 'GET', '/cgi-bin/draft/count', answers.draftCount, {});
  }

  /** `GET /cgi-bin/material/get_materialcount`. */
  async getMaterialCount(appId: string, token: AccessToken): Promise<MaterialCount> {
    return this.#data(appId, token, 'GET', '/cgi-bin/material/get_materialcount', answers.materialCount, {});
  }

  /** `POST /cgi-bin/material/batchget_material`. */
  async batchGetMaterial(
    appId: string,
    token: AccessToken,
    p: { type: MaterialType; offset: number; count: number },
  ): Promise<MaterialPage> {
    checkPage(p);
    const json = { type: p.type, offset: p.offset, count: p.count };
    return this.#data(appId, token, 'POST', '/cgi-bin/material/batchget_material', answers.materialPage, {
      json,
    });
  }

  /** `GET /cgi-bin/user/get`: up to 10 000 openids; page on until `count` is 0 or `next_openid` is ''. */
  async getFollowers(appId: string, token: AccessToken, nextOpenid?: string): Promise<FollowerPage> {
    const query: Record<string, string> = nextOpenid ? { next_openid: nextOpenid } : {};
    return this.#data(appId, token, 'GET', '/cgi-bin/user/get', answers.followerPage, { query });
  }

  /** `POST /cgi-bin/user/info/batchget` for at most 100 openids (RangeError beyond); malformed entries come back in `rejected`. */
  async batchGetUserInfo(appId: string, token: AccessToken, openids: string[]): Promise<UserInfoBatch> {
    if (openids.length > MAX_USER_INFO_BATCH) {
      throw new RangeError(
        `batchGetUserInfo: at most ${MAX_USER_INFO_BATCH} openids a call, got ${openids.length}`,
      );
    }
    if (openids.length === 0) return { users: [], rejected: [] };
    const json = { user_list: openids.map((openid) => ({ openid, lang: 'zh_CN' })) };
    const path = '/cgi-bin/user/info/batchget';
    return this.#data(appId, token, 'POST', path, answers.userInfoList, { json });
  }

  /** `POST /cgi-bin/openapi/quota/get`: today's use of one API, e.g. `/cgi-bin/user/get`. */
  async getApiQuota(appId: string, token: AccessToken, cgiPath: string): Promise<ApiQuota> {
    const json = { cgi_path: cgiPath };
    const path = '/cgi-bin/openapi/quota/get';
    const { quota } = await this.#data(appId, token, 'POST', path, answers.apiQuota, { json });
    return { dailyLimit: quota.daily_limit, used: quota.used, remain: quota.remain };
  }

  /** `POST /cgi-bin/freepublish/getarticle`: the articles of one published post (a publish push names it). */
  async getPublishedArticle(appId: string, token: AccessToken, articleId: string): Promise<NewsItem[]> {
    const json = { article_id: articleId };
    const path = '/cgi-bin/freepublish/getarticle';
    const answer = await this.#data(appId, token, 'POST', path, answers.publishedArticle, { json });
    return answer.news_item;
  }

  /**
   * `POST /datacube/<api>` for `beginDate..endDate` (YYYY-MM-DD, Beijing days). The span
   * limits per API are the caller's business (src/analytics/datacube-apis.ts).
   */
  async getDatacube(
    appId: string,
    token: AccessToken,
    api: DatacubeApi,
    beginDate: string,
    endDate: string,
  ): Promise<DatacubeRow[]> {
    const json = { begin_date: beginDate, end_date: endDate };
    const answer = await this.#data(appId, token, 'POST', `/datacube/${api}`, answers.datacubeList, { json });
    return answer.list;
  }

  /** Destroys the keep-alive sockets. Safe to call twice; later calls are refused. */
  close(): void {
    this.#http.close();
  }

  /** WeChat's `expires_in` is read, never assumed, and made absolute at this boundary. */
  #issued(answer: { access_token: string; expires_in: number }): IssuedToken {
    return { token: new AccessToken(answer.access_token), expiresAt: this.#now() + answer.expires_in * 1000 };
  }

  /** A data API call: the token is revealed only into the query string of this request. */
  #data<T>(
    appId: string,
    token: AccessToken,
    method: 'GET' | 'POST',
    path: string,
    schema: z.ZodType<T, unknown>,
    body: { json?: unknown; query?: Record<string, string> },
  ): Promise<T> {
    const accessToken = token.reveal();
    const query = { ...body.query, access_token: accessToken };
    const req: WeChatRequest = { appId, method, path, query, json: body.json, redact: [accessToken] };
    return this.#http.call(req, schema);
  }
}

/** Caller bugs surface here rather than as a WeChat 47001 ("data format error") later. */
function checkPage(p: { offset: number; count: number }): void {
  if (!Number.isInteger(p.offset) || p.offset < 0) {
    throw new RangeError(`offset must be an integer >= 0, got ${p.offset}`);
  }
  if (!Number.isInteger(p.count) || p.count < 1 || p.count > MAX_PAGE_COUNT) {
    throw new RangeError(`count must be an integer in 1..${MAX_PAGE_COUNT}, got ${p.count}`);
  }
}
