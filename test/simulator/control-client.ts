import type { AppConfigInput, FaultInput } from './config.js';
import { controlCall, SimulatorControlError } from './control-call.js';
import type { HeldCall } from './held-calls.js';
import { PlatformControl } from './platform-control-client.js';

export { SimulatorControlError };

import type { AppStats } from './stats.js';

/** Typed client of the simulator's `/__sim/` API (README.md lists the routes). */
export class SimulatorControl {
  /** The third-party platform mode's controls (platform-control-client.ts). */
  readonly platform: PlatformControl;

  constructor(private readonly baseUrl: string) {
    this.platform = new PlatformControl(baseUrl);
  }

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

  private call(method: string, path: string, body?: unknown): Promise<unknown> {
    return controlCall(this.baseUrl, method, path, body);
  }
}
