import { AppState } from './app-state.js';
import { SimClock } from './clock.js';
import type { AppConfigInput, FaultInput } from './config.js';
import type { HeldCall } from './held-calls.js';
import type { PlatformConfigInput } from './platform-config.js';
import { PlatformState } from './platform-state.js';
import type { Rng } from './prng.js';
import type { AppStats } from './stats.js';

/** Thrown by control operations on an app that was never put. */
export class UnknownAppError extends Error {
  override readonly name = 'UnknownAppError' as const;
  constructor(readonly appId: string) {
    super(`no simulated app ${appId}`);
  }
}

/** Thrown by control operations on a platform that was never put. */
export class UnknownPlatformError extends Error {
  override readonly name = 'UnknownPlatformError' as const;
  constructor(readonly componentAppId: string) {
    super(`no simulated platform ${componentAppId}`);
  }
}

/** All simulated apps and platforms, the token → app / platform indexes, the clock and global settings. */
export class SimulatorState {
  readonly clock: SimClock;
  /** Decides `rate`-limited faults; tests of the state may pass a seeded one. */
  readonly rng: Rng;
  globalEgressIp: string | null = null;
  readonly #apps = new Map<string, AppState>();
  readonly #appByToken = new Map<string, string>();
  readonly #platforms = new Map<string, PlatformState>();
  readonly #platformByToken = new Map<string, string>();

  constructor(opts: { clock?: SimClock; rng?: Rng } = {}) {
    this.clock = opts.clock ?? new SimClock();
    this.rng = opts.rng ?? Math.random;
  }

  /** Creates or replaces an app; a replaced app loses its tokens, counters, faults and data. */
  putApp(appId: string, input: AppConfigInput): AppState {
    this.#apps.get(appId)?.tokens.forgetAll();
    // The replaced app's held calls would otherwise wait for a release nobody can send.
    this.#apps.get(appId)?.held.releaseAll();
    const app = new AppState(
      appId,
      input,
      {
        onIssue: (token) => this.#appByToken.set(token, appId),
        onForget: (token) => this.#appByToken.delete(token),
      },
      this.clock.now(),
    );
    this.#apps.set(appId, app);
    return app;
  }

  patchApp(appId: string, changes: Partial<AppConfigInput>): void {
    this.requireApp(appId).patch(changes);
  }

  appIds(): string[] {
    return [...this.#apps.keys()];
  }

  app(appId: string): AppState | undefined {
    return this.#apps.get(appId);
  }

  requireApp(appId: string): AppState {
    const app = this.#apps.get(appId);
    if (app === undefined) throw new UnknownAppError(appId);
    return app;
  }

  /** Every token issued and not yet forgotten (a secrets scan looks for each of them). */
  issuedTokens(): string[] {
    return [...this.#appByToken.keys(), ...this.#platformByToken.keys()];
  }

  /**
   * Creates or replaces a third-party platform (keyed by its component AppID, as WeChat
   * knows it); a replaced one loses its tickets, tokens, codes and authorisations.
   */
  putPlatform(componentAppId: string, input: PlatformConfigInput): PlatformState {
    this.#platforms.get(componentAppId)?.componentTokens.forgetAll();
    const platform = new PlatformState(componentAppId, input, {
      onIssue: (token) => this.#platformByToken.set(token, componentAppId),
      onForget: (token) => this.#platformByToken.delete(token),
    });
    this.#platforms.set(componentAppId, platform);
    return platform;
  }

  patchPlatform(componentAppId: string, changes: Partial<PlatformConfigInput>): void {
    this.requirePlatform(componentAppId).patch(changes);
  }

  platformIds(): string[] {
    return [...this.#platforms.keys()];
  }

  platform(componentAppId: string): PlatformState | undefined {
    return this.#platforms.get(componentAppId);
  }

  requirePlatform(componentAppId: string): PlatformState {
    const platform = this.#platforms.get(componentAppId);
    if (platform === undefined) throw new UnknownPlatformError(componentAppId);
    return platform;
  }

  /** The platform a component_access_token was issued to. */
  platformForToken(token: string): PlatformState | undefined {
    const id = this.#platformByToken.get(token);
    return id === undefined ? undefined : this.#platforms.get(id);
  }

  /** The app a token was issued to (tokens are per app, so a token never works for another). */
  appForToken(token: string): AppState | undefined {
    const appId = this.#appByToken.get(token);
    return appId === undefined ? undefined : this.#apps.get(appId);
  }

  addFault(appId: string, fault: FaultInput): void {
    this.requireApp(appId).faults.add(fault);
  }

  clearFaults(appId?: string): void {
    for (const app of this.selectApps(appId)) app.faults.clear();
  }

  /** The calls a `pause` fault holds open for this app, oldest first. */
  heldCalls(appId: string): HeldCall[] {
    return this.requireApp(appId).held.list();
  }

  /** Lets the held calls of one app (or of every app) go on; answers how many. */
  releaseHeld(appId?: string): number {
    return this.selectApps(appId).reduce((sum, app) => sum + app.held.releaseAll(), 0);
  }

  expireTokens(appId: string): void {
    this.requireApp(appId).tokens.expireAll(this.clock.now());
  }

  stats(appId: string): AppStats {
    return this.requireApp(appId).stats.snapshot();
  }

  resetStats(appId?: string): void {
    for (const app of this.selectApps(appId)) app.stats.reset();
  }

  /** Forgets every app, platform, fault and counter; the clock goes back to real time. */
  reset(): void {
    this.releaseHeld();
    for (const app of this.#apps.values()) app.tokens.forgetAll();
    this.#apps.clear();
    this.#appByToken.clear();
    for (const platform of this.#platforms.values()) platform.componentTokens.forgetAll();
    this.#platforms.clear();
    this.#platformByToken.clear();
    this.globalEgressIp = null;
    this.clock.reset();
  }

  private selectApps(appId: string | undefined): AppState[] {
    return appId === undefined ? [...this.#apps.values()] : [this.requireApp(appId)];
  }
}
