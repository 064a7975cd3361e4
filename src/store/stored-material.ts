import type { StoredNewsItem } from './stored-article.js';

/** WeChat's permanent material types (`batchget_material` takes one type per call). */
export const MATERIAL_TYPES = ['news', 'image', 'video', 'voice'] as const;
export type StoredMaterialType = (typeof MATERIAL_TYPES)[number];

/** One permanent material (`batchget_material` item), keyed by its media id. */
export interface StoredMaterial {
  mediaId: string;
  type: StoredMaterialType;
  /** Unix seconds, as WeChat sends it. */
  updateTime: number;
  /** File name; '' for news. */
  name: string;
  /** '' for news and for types WeChat gives no URL. */
  url: string;
  /** The articles of a news material; [] for the other types. */
  items: StoredNewsItem[];
}

/** Stored materials per type. */
export type MaterialCounts = Record<StoredMaterialType, number>;
