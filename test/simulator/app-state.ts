import { AppEvents } from './app-events.js';
import type { AppConfigInput } from './config.js';
import { FaultList } from './faults.js';
import { FollowerList } from './followers.js';
import { HeldCalls } from './held-calls.js';
import { DailyQuotas, resolveQuotaLimits } from './quotas.js';
import { generateContent, resolveSeed, type SeedContent, type SeedCounts } from './seed.js';
import { StatsCounter } from './stats.js';
import { TokenBook, type TokenBookHooks } from './token-book.js';
import { ForceRefreshLimiter } from './tokens.js';
import type { IpErrorShape } from './whitelist-message.js';

const DEFAULT_TOKEN_TTL_SEC = 7200;
const DEFAULT_OVERLAP_SEC = 300;

/** An app's configuration with every default filled in. */
export interface ResolvedAppConfig {
  secret: string;
  whitelist: readonly string[] | null;
  egressIp: string | null;
  ipErrorShape: IpErrorShape;
  tokenTtlMs: number;
  tokenOverlapMs: number;
  quotaLimits: Map<string, number>;
  latencyMs: number;
  tokenLatencyMs: number;
  seed: SeedCounts;
  articleTimes: 'content' | 'item' | 'both';
  timesAsStrings: boolean;
  untimedArticles: number;
  followersEnd: 'last-openid' | 'empty';
  forceRefreshTooSoon: 'current-token' | '45011';
  datacubeFailDays: readonly string[];
}

export function resolveAppConfig(input: AppConfigInput): ResolvedAppConfig {
  return {
    secret: input.secret,
    whitelist: input.whitelist ?? null,
    egressIp: input.egressIp ?? null,
    ipErrorShape: input.ipErrorShape ?? 1,
    tokenTtlMs: (input.tokenTtlSec ?? DEFAULT_TOKEN_TTL_SEC) * 1000,
    tokenOverlapMs: (input.tokenOverlapSec ?? DEFAULT_OVERLAP_SEC) * 1000,
    quotaLimits: resolveQuotaLimits(input.quotas),
    latencyMs: input.latencyMs ?? 0,
    tokenLatencyMs: input.tokenLatencyMs ?? 0,
    seed: resolveSeed(input.seed),
    articleTimes: input.articleTimes ?? 'content',
    timesAsStrings: input.timesAsStrings ?? false,
    untimedArticles: input.untimedArticles ?? 0,
    followersEnd: input.followersEnd ?? 'last-openid',
    forceRefreshTooSoon: input.forceRefreshTooSoon ?? 'current-token',
    datacubeFailDays: input.datacubeFailDays ?? [],
  };
}

/** Everything the simulator keeps about one app: config, tokens, quotas, faults, counters, data. */
export class AppState {
  readonly tokens: TokenBook;
  readonly forceRefresh = new ForceRefreshLimiter();
  readonly faults = new FaultList();
  /** Calls a `pause` fault holds open. */
  readonly held = new HeldCalls();
  readonly stats = new StatsCounter();
  readonly quotas: DailyQuotas;
  /** Posts published and mass sends made after the app was put. */
  readonly events: AppEvents;
  #input: AppConfigInput;
  #config: ResolvedAppConfig;
  #content: SeedContent | null = null;
  #followers: FollowerList;

  constructor(
    readonly appId: string,
    input: AppConfigInput,
    hooks: TokenBookHooks,
    /** Sim time the app was set up; seeded dates lie in the year before it. */
    readonly anchorMs: number,
  ) {
    this.#input = input;
    this.#config = resolveAppConfig(input);
    this.tokens = new TokenBook(hooks);
    this.quotas = new DailyQuotas(this.#config.quotaLimits);
    this.#followers = new FollowerList(appId, this.#config.seed.followers);
    this.events = new AppEvents(appId);
  }

  get config(): ResolvedAppConfig {
    return this.#config;
  }

  get anchorSec(): number {
    return Math.floor(this.anchorMs / 1000);
  }

  /** Changes some settings; tokens, counters and faults stay. Data is regenerated only if `seed` changes. */
  patch(changes: Partial<AppConfigInput>): void {
    this.#input = { ...this.#input, ...changes };
    this.#config = resolveAppConfig(this.#input);
    this.quotas.setLimits(this.#config.quotaLimits);
    if (changes.seed !== undefined) {
      this.#content = null;
      this.#followers = new FollowerList(this.appId, this.#config.seed.followers);
    }
  }

  content(): SeedContent {
    this.#content ??= generateContent(this.appId, this.#config.seed, this.anchorSec);
    return this.#content;
  }

  get followers(): FollowerList {
    return this.#followers;
  }
}
