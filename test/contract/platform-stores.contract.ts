import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { Sensitive } from '../../src/config/sensitive.js';
import type { AuthorizationRecord, PlatformStores } from '../../src/platform/index.js';

export interface PlatformStoresHarness {
  stores: PlatformStores;
  /** Closes the stores and deletes the test's data. */
  teardown(): Promise<void>;
}

let platforms = 0;
/** Every test works on its own platform, so tests do not see each other's data. */
const newPlatform = () => `plat-contract-${++platforms}`;

export function authorization(
  appId: string,
  overrides: Partial<AuthorizationRecord> = {},
): AuthorizationRecord {
  return {
    authorizerAppId: appId,
    refreshToken: new Sensitive(`refresh-${appId}-1`),
    funcIds: [1, 15],
    authorizedAt: 1_765_000_000_000,
    updatedAt: 1_765_000_000_000,
    state: 'authorized',
    ...overrides,
  };
}

/** Plain data to compare records (Sensitive hides its value from toEqual's diff otherwise). */
const plain = (r: AuthorizationRecord | null) => r && { ...r, refreshToken: r.refreshToken.reveal() };

/** The behaviour both platform store backends must have (authorization-store.ts, ticket-store.ts). */
export function platformStoresContract(backend: string, setup: () => Promise<PlatformStoresHarness>): void {
  describe(`platform stores contract: ${backend}`, () => {
    let h: PlatformStoresHarness;
    beforeAll(async () => {
      h = await setup();
    });
    afterAll(async () => h.teardown());

    test('put then get and list: the record comes back whole, the refresh token still wrapped', async () => {
      const p = newPlatform();
      const a = authorization('wxa000000000000001');
      const b = authorization('wxa000000000000002', { funcIds: [] });
      await h.stores.authorizations.put(p, b);
      await h.stores.authorizations.put(p, a);
      const got = await h.stores.authorizations.get(p, a.authorizerAppId);
      expect(got?.refreshToken).toBeInstanceOf(Sensitive);
      expect(JSON.stringify(got)).not.toContain('refresh-wxa');
      expect(plain(got)).toEqual(plain(a));
      expect((await h.stores.authorizations.list(p)).map(plain)).toEqual([plain(a), plain(b)]);
      expect(await h.stores.authorizations.get(p, 'wxa00000000000000f')).toBeNull();
      expect(await h.stores.authorizations.list(newPlatform())).toEqual([]);
    });

    test('platforms are separate', async () => {
      const [p1, p2] = [newPlatform(), newPlatform()];
      await h.stores.authorizations.put(p1, authorization('wxa000000000000001'));
      expect(await h.stores.authorizations.get(p2, 'wxa000000000000001')).toBeNull();
    });

    test('put replaces: a re-authorisation brings a new refresh token and state back to authorized', async () => {
      const p = newPlatform();
      const appId = 'wxa000000000000003';
      await h.stores.authorizations.put(p, authorization(appId, { state: 'revoked', revokedAt: 5 }));
      const again = authorization(appId, { refreshToken: new Sensitive('refresh-new'), updatedAt: 9 });
      await h.stores.authorizations.put(p, again);
      expect(plain(await h.stores.authorizations.get(p, appId))).toEqual(plain(again));
    });

    test('markRevoked keeps the record with when; a second call and an unknown account change nothing', async () => {
      const p = newPlatform();
      const appId = 'wxa000000000000004';
      await h.stores.authorizations.put(p, authorization(appId));
      expect(await h.stores.authorizations.markRevoked(p, appId, 1_765_000_100_000)).toBe(true);
      expect(await h.stores.authorizations.get(p, appId)).toMatchObject({
        state: 'revoked',
        revokedAt: 1_765_000_100_000,
        updatedAt: 1_765_000_100_000,
      });
      expect(await h.stores.authorizations.markRevoked(p, appId, 1_765_000_200_000)).toBe(false);
      expect((await h.stores.authorizations.get(p, appId))?.revokedAt).toBe(1_765_000_100_000);
      expect(await h.stores.authorizations.markRevoked(p, 'wxa00000000000000e', 1)).toBe(false);
      expect(await h.stores.authorizations.get(p, 'wxa00000000000000e')).toBeNull();
    });

    test('replaceRefreshToken writes only over the token it was given, and never on a revoked record', async () => {
      const p = newPlatform();
      const appId = 'wxa000000000000005';
      const first = authorization(appId);
      await h.stores.authorizations.put(p, first);
      const stale = new Sensitive('refresh-someone-else-read');
      expect(
        await h.stores.authorizations.replaceRefreshToken(p, appId, stale, new Sensitive('x-1'), 7),
      ).toBe(false);
      expect(
        await h.stores.authorizations.replaceRefreshToken(
          p,
          appId,
          first.refreshToken,
          new Sensitive('rotated-2'),
          8,
        ),
      ).toBe(true);
      const got = await h.stores.authorizations.get(p, appId);
      expect(got?.refreshToken.reveal()).toBe('rotated-2');
      expect(got?.updatedAt).toBe(8);
      expect(got?.authorizedAt).toBe(first.authorizedAt);
      await h.stores.authorizations.markRevoked(p, appId, 9);
      expect(
        await h.stores.authorizations.replaceRefreshToken(
          p,
          appId,
          new Sensitive('rotated-2'),
          new Sensitive('r-3'),
          10,
        ),
      ).toBe(false);
      expect((await h.stores.authorizations.get(p, appId))?.refreshToken.reveal()).toBe('rotated-2');
      expect(
        await h.stores.authorizations.replaceRefreshToken(
          p,
          'wxa00000000000000d',
          first.refreshToken,
          stale,
          1,
        ),
      ).toBe(false);
    });

    test('concurrent rotations from one read: exactly one wins', async () => {
      const p = newPlatform();
      const appId = 'wxa000000000000006';
      const first = authorization(appId);
      await h.stores.authorizations.put(p, first);
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          h.stores.authorizations.replaceRefreshToken(
            p,
            appId,
            first.refreshToken,
            new Sensitive(`next-${i}`),
            i,
          ),
        ),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      const winner = results.indexOf(true);
      expect((await h.stores.authorizations.get(p, appId))?.refreshToken.reveal()).toBe(`next-${winner}`);
    });

    test('tickets: the newest CreateTime wins, an older push never overwrites, an equal one does', async () => {
      const p = newPlatform();
      expect(await h.stores.tickets.get(p)).toBeNull();
      expect(await h.stores.tickets.save(p, { ticket: new Sensitive('ticket@@@2'), createdAt: 2_000 })).toBe(
        true,
      );
      expect(await h.stores.tickets.save(p, { ticket: new Sensitive('ticket@@@1'), createdAt: 1_000 })).toBe(
        false,
      );
      let got = await h.stores.tickets.get(p);
      expect(got?.ticket).toBeInstanceOf(Sensitive);
      expect(got?.ticket.reveal()).toBe('ticket@@@2');
      // The same CreateTime: WeChat's retry of the push (or another ticket of that second).
      const same = { ticket: new Sensitive('ticket@@@2b'), createdAt: 2_000 };
      expect(await h.stores.tickets.save(p, same)).toBe(true);
      got = await h.stores.tickets.get(p);
      expect(got?.ticket.reveal()).toBe('ticket@@@2b');
      expect(got?.createdAt).toBe(2_000);
      expect(await h.stores.tickets.save(p, { ticket: new Sensitive('ticket@@@3'), createdAt: 3_000 })).toBe(
        true,
      );
      expect((await h.stores.tickets.get(p))?.ticket.reveal()).toBe('ticket@@@3');
    });

    test("two platforms never overwrite each other's ticket", async () => {
      const [p1, p2] = [newPlatform(), newPlatform()];
      await h.stores.tickets.save(p1, { ticket: new Sensitive('ticket-one'), createdAt: 5_000 });
      await h.stores.tickets.save(p2, { ticket: new Sensitive('ticket-two'), createdAt: 1_000 });
      expect((await h.stores.tickets.get(p1))?.ticket.reveal()).toBe('ticket-one');
      expect((await h.stores.tickets.get(p2))?.ticket.reveal()).toBe('ticket-two');
    });
  });
}
