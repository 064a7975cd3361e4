export { canonicalJson } from './canonical-json.js';
export { InvalidCursorError } from './invalid-cursor-error.js';
export { RedisSyncStore, type RedisSyncStoreOptions } from './redis-sync-store.js';
export type { StoredArticle, StoredNewsItem } from './stored-article.js';
export type { FollowerCounts, StoredFollower } from './stored-follower.js';
export {
  MATERIAL_TYPES,
  type MaterialCounts,
  type StoredMaterial,
  type StoredMaterialType,
} from './stored-material.js';
export {
  type ArticlesCheckpoint,
  type Checkpoint,
  type CompletedPass,
  emptyKindState,
  type FollowersCheckpoint,
  type KindState,
  type MaterialsCheckpoint,
  type SyncState,
  type SyncStoreKind,
} from './sync-state.js';
export {
  type FollowerWrite,
  hasSyncStateKeys,
  type ListOptions,
  type ListPage,
  MAX_LIST_LIMIT,
  MAX_SWEEP_LIMIT,
  type SyncStateKeys,
  type SyncStore,
  type UnsubscribeSweep,
  type WriteResult,
} from './sync-store.js';
