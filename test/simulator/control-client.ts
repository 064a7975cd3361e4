import type { AppConfigInput, FaultInput } from './config.js';
import type { HeldCall } from './held-calls.js';
import type { AppStats } from './stats.js';

/** A control call the simulator refused (bad input 400, unknown app 404, …). */
export class SimulatorControlError extends Error {
  override readonly name = 'SimulatorControlError' as const;
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly detail: string,
  ) {
    super(`simulator control ${method} ${path} failed: ${status} ${detail}`);
  }
}

/** Typed client of the simulator's `/__sim/` API (README.md lists the routes). */
export class SimulatorControl {
  constructor(private readonly baseUrl: string) {}

  /** Creates or replaces an app (a replaced app loses tokens, counters, faults). */
  async putApp(appId: string, cfg: AppConfigInput): Promise<void> {
    await this.call('PUT', `apps/${encodeURIComponent(appId)}`, cfg);
  }

  /** Changes some settings of an existing app; its tokens and counters stay. */
  async patchApp(appId: string, cfg: Partial<AppConfigInput>): Promise<void> {
    await this.call('PATCH', `apps/${encodeURIComponent(appId)}`, cfg);
  }

  async addFault(appId: string, fault: FaultInput): Promise<void> {
    await this.call('POST', `apps/${encodeURIComponent(appId)}/faults`, fault);
  }

  /** Clears the faults of one app, or of all apps. */
  async clearFaults(appId?: string): Promise<void> {
    await this.call('DELETE', appId === undefined ? 'faults' : `apps/${encodeURIComponent(appId)}/faults`);
  }

  /**
   * Resolves with the calls a `pause` fault holds for the app once at least `count` are
   * held at the same time (at once if they already are); rejects with a
   * SimulatorControlError (408) after `timeoutMs`.
   */
  async waitForHeld(appId: string, count = 1, timeoutMs = 20_000): Promise<HeldCall[]> {
    const path = `apps/${encodeURIComponent(appId)}/held/wait`;
    return ((await this.call('POST', path, { count, timeoutMs })) as { held: HeldCall[] }).held;
  }

  /** The calls a `pause` fault holds for the app now, oldest first. */
  async heldCalls(appId: string): Promise<HeldCall[]> {
    return ((await this.call('GET', `apps/${encodeURIComponent(appId)}/held`)) as { held: HeldCall[] }).held;
  }

  /** Lets the held calls of one app (or of every app) go on to their normal answers; answers how many. */
  async releaseHeld(appId?: string): Promise<number> {
    const path = appId === undefined ? 'held/release' : `apps/${encodeURIComponent(appId)}/held/release`;
    return ((await this.call('POST', path)) as { released: number }).released;
  }

  /** Every token the app holds now answers 42001. */
  async expireTokens(appId: string): Promise<void> {
    await this.call('POST', `apps/${encodeURIComponent(appId)}/expire-tokens`);
  }

  async advanceClock(ms: number): Promise<void> {
    await this.call('POST', 'clock/advance', { ms });
  }

  /** The simulator's current time (epoch ms). */
  async now(): Promise<number> {
    const body = (await this.call('GET', 'clock')) as { now: number };
    return body.now;
  }

  async stats(appId: string): Promise<AppStats> {
    return (await this.call('GET', `apps/${encodeURIComponent(appId)}/stats`)) as AppStats;
  }

  async resetStats(appId?: string): Promise<void> {
    await this.call('DELETE', appId === undefined ? 'stats' : `apps/${encodeURIComponent(appId)}/stats`);
  }

  /** The IP the simulator sees for apps without their own egressIp; null = the socket's address. */
  async setGlobalEgressIp(ip: string | null): Promise<void> {
    await this.call('PUT', 'settings', { egressIp: ip });
  }

  /** Forgets all apps, faults and counters; the clock goes back to real time. */
  async reset(): Promise<void> {
    await this.call('POST', 'reset');
  }

  private async call(method: string, path: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${this.baseUrl}/__sim/${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? null : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) {
      const detail =
        text === '' ? response.statusText : ((JSON.parse(text) as { error?: string }).error ?? text);
      throw new SimulatorControlError(method, `/__sim/${path}`, response.status, detail);
    }
    return text === '' ? undefined : JSON.parse(text);
  }
}
