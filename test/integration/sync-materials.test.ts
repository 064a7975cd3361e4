import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { runSync, type SyncProgress } from '../../src/sync/index.js';
import { TransientError } from '../../src/wechat/errors/index.js';
import { type SyncWorld, startSyncWorld } from '../helpers/sync-world.js';

const MATERIAL_LIST = '/cgi-bin/material/batchget_material';
const MATERIAL_COUNT = '/cgi-bin/material/get_materialcount';

let world: SyncWorld;

beforeAll(async () => {
  world = await startSyncWorld('sync-materials');
});

afterAll(async () => {
  await world.close();
});

async function calls(appId: string) {
  const { callsByEndpoint } = await world.sim.control.stats(appId);
  return { list: callsByEndpoint[MATERIAL_LIST] ?? 0, count: callsByEndpoint[MATERIAL_COUNT] ?? 0 };
}

describe('materials', () => {
  test('counts, then every page of each non-empty type; a re-run finds everything unchanged', async () => {
    const seed = { materials: { news: 25, image: 41, video: 0, voice: 3 } };
    const account = await world.newAccount({ seed }, ['materials']);
    const lease = await world.acquire(account);

    const first = await runSync(world.context(account, lease));

    // news 2 pages, image 3, voice 1; video is empty by WeChat's count and costs no call.
    expect(first.kinds.materials).toMatchObject({ pages: 6, added: 69, wechatCalls: 7, completed: true });
    expect(await calls(account.appId)).toEqual({ list: 6, count: 1 });
    expect(await world.store.countMaterials(account.accountId)).toEqual({
      news: 25,
      image: 41,
      video: 0,
      voice: 3,
    });

    const second = await runSync(world.context(account, lease));
    expect(second.kinds.materials).toMatchObject({ pages: 6, added: 0, updated: 0, unchanged: 69 });
  });

  test('a failure mid-type resumes at the next page of that type', async () => {
    const account = await world.newAccount(
      { seed: { materials: { news: 0, image: 50, video: 0, voice: 0 } } },
      ['materials'],
    );
    const lease = await world.acquire(account);
    const failPage2 = async (p: SyncProgress) => {
      if (p.pages === 1)
        await world.sim.control.addFault(account.appId, { kind: 'busy', endpoint: MATERIAL_LIST, times: 1 });
    };
    await expect(runSync(world.context(account, lease, { onProgress: failPage2 }))).rejects.toBeInstanceOf(
      TransientError,
    );
    const state = await world.store.getSyncState(account.accountId);
    expect(state.materials.checkpoint).toMatchObject({ type: 'image', offset: 20, pages: 1 });

    const retried = await runSync(world.context(account, lease));
    expect(retried.kinds.materials).toMatchObject({ resumed: true, pages: 2, added: 30, unchanged: 0 });
    expect(await world.store.countMaterials(account.accountId)).toMatchObject({ image: 50 });
    // 1 count + page 1 + failed page 2 + pages 2 and 3: the count is not asked again on resume.
    expect(await calls(account.appId)).toEqual({ list: 4, count: 1 });
  });
});
