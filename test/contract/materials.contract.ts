import { describe, expect, test } from '@jest/globals';
import { type ContractHarness, newAccount } from './contract-harness.js';
import { material, reversedKeys, stateAt } from './store-fixtures.js';

/** Materials part of the SyncStore contract (called by syncStoreContract). */
export function materialContract(harness: () => ContractHarness): void {
  describe('materials', () => {
    test('upserts by mediaId (added / updated / unchanged) and counts per type, 0 for types never stored', async () => {
      const { store, newHolder } = harness();
      const accountId = newAccount();
      const fence = await newHolder(accountId);
      expect(await store.countMaterials(accountId)).toEqual({ news: 0, image: 0, video: 0, voice: 0 });
      const page = [material('n1', 'news'), material('i1', 'image'), material('i2', 'image')];
      expect(await store.upsertMaterials(accountId, fence, page, stateAt('materials', 1, 1))).toEqual({
        added: 3,
        updated: 0,
        unchanged: 0,
      });
      const again = [
        reversedKeys(material('i1', 'image')),
        material('i2', 'image', 1_800_000_000),
        material('v1', 'voice'),
      ];
      expect(await store.upsertMaterials(accountId, fence, again, stateAt('materials', 1, 2))).toEqual({
        added: 1,
        updated: 1,
        unchanged: 1,
      });
      expect(await store.countMaterials(accountId)).toEqual({ news: 1, image: 2, video: 0, voice: 1 });
      expect((await store.getSyncState(accountId)).materials).toEqual(stateAt('materials', 1, 2));
    });
  });
}
