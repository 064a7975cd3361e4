import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { type PushWorld, pushesSettled, startPushWorld } from '../helpers/push-world.js';
import { followerEventXml, type PushMode, type PushSender } from '../simulator/index.js';
import { seededRng } from '../simulator/prng.js';

const ACCOUNT = 'push-storm';
const APP_ID = 'wx13b0000000000002';
const FOLLOWERS = 2_500;
const EVENTS_EACH = 4;
const IN_FLIGHT = 32;

let world: PushWorld;

beforeAll(async () => {
  world = await startPushWorld('push-storm', [{ accountId: ACCOUNT, appId: APP_ID, secret: 's3cret-storm' }]);
  await world.system.sim.control.putApp(APP_ID, { secret: 's3cret-storm', seed: { followers: FOLLOWERS } });
});

afterAll(async () => {
  await world.close();
});

interface Delivery {
  xml: string;
  mode: PushMode;
}

describe('a subscribe/unsubscribe storm', () => {
  test('10 000 events, retried and reordered, leave the follower table exactly right', async () => {
    const rng = seededRng('push-storm');
    const app = world.system.sim.state.requireApp(APP_ID);
    const openids = [...app.followers.openids];
    const base = 1_700_000_000;
    const finalType = new Map<string, 'subscribe' | 'unsubscribe'>();
    const deliveries: Delivery[] = [];
    let events = 0;
    openids.forEach((openid) => {
      for (let k = 0; k < EVENTS_EACH; k++) {
        const type = rng() < 0.5 ? 'subscribe' : 'unsubscribe';
        finalType.set(openid, type);
        const xml = followerEventXml('gh_sim', openid, base + k, type);
        const mode: PushMode = events % 10 === 0 ? 'safe' : events % 10 === 5 ? 'compatible' : 'plain';
        deliveries.push({ xml, mode });
        // Every third event is delivered twice, as WeChat retries a push it got no answer to in time.
        if (events % 3 === 0) deliveries.push({ xml, mode });
        events++;
      }
    });
    expect(events).toBe(10_000);
    // WeChat's view at the end: whoever's last event was an unsubscribe is no longer a follower.
    const gone = openids.filter((id) => finalType.get(id) === 'unsubscribe');
    app.followers.unsubscribe(gone);
    // Reordered: a seeded shuffle of every delivery.
    for (let i = deliveries.length - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [deliveries[i], deliveries[j]] = [deliveries[j]!, deliveries[i]!];
    }

    const senders: Record<PushMode, PushSender> = {
      plain: world.sender(ACCOUNT, 'plain'),
      compatible: world.sender(ACCOUNT, 'compatible'),
      safe: world.sender(ACCOUNT, 'safe'),
    };
    let next = 0;
    const refused: number[] = [];
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next < deliveries.length) {
          const delivery = deliveries[next++]!;
          const outcome = await senders[delivery.mode].send(delivery.xml);
          if (outcome.status !== 200) refused.push(outcome.status);
        }
      }),
    );
    expect(refused).toEqual([]);
    await pushesSettled(world, ACCOUNT, 240_000);

    const store = world.system.services.store;
    const stored = await store.getFollowers(ACCOUNT, openids);
    const wrong = openids.filter((id) => stored.get(id)?.subscribed !== (finalType.get(id) === 'subscribe'));
    expect(wrong).toEqual([]);
    const subscribed = openids.length - gone.length;
    expect(await store.countFollowers(ACCOUNT)).toEqual({ subscribed, unsubscribed: gone.length });
    // Subscribed followers carry WeChat's user info; unsubscribed ones the time of their last event.
    const withoutInfo = openids.filter(
      (id) => finalType.get(id) === 'subscribe' && stored.get(id)?.nickname === '',
    );
    expect(withoutInfo).toEqual([]);
    const leaver = gone[0];
    if (leaver !== undefined) expect(stored.get(leaver)?.unsubscribedAt).toBeGreaterThanOrEqual(base * 1000);
  }, 300_000);
});
