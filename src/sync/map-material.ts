import type { StoredMaterial, StoredMaterialType } from '../store/index.js';
import type { MaterialItem } from '../wechat/types.js';
import { mapNewsItem } from './map-article.js';

/**
 * A `batchget_material` item → the record the store keeps. The article HTML of news
 * materials is not stored (as for published articles without `withContent`): the
 * metadata is what downstream systems list, and it keeps records small.
 */
export function mapMaterial(item: MaterialItem, type: StoredMaterialType): StoredMaterial {
  return {
    mediaId: item.media_id,
    type,
    updateTime: item.update_time,
    name: item.name ?? '',
    url: item.url ?? '',
    items: (item.content?.news_item ?? []).map((news) => mapNewsItem(news, { withContent: false })),
  };
}
