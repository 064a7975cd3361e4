export { canonicalJson } from './canonical-json.js';
export { InvalidCursorError } from './invalid-cursor-error.js';
export { RedisSyncStore, type RedisSyncStoreOptions } from './redis-sync-store.js';
export type { StoredArticle, StoredNewsItem } from './stored-article.js';
export {
  type ListOptions,
  type ListPage,
  MAX_LIST_LIMIT,
  type SyncStore,
  type WriteResult,
} from './sync-store.js';
