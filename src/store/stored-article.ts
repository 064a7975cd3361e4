/**
 * One article of a published post, as the store keeps it: WeChat's `news_item`
 * camel-cased, with the fields WeChat may leave out normalised ('' / false) so two
 * fetches of the same article always serialise to the same JSON.
 */
export interface StoredNewsItem {
  title: string;
  author: string;
  digest: string;
  /** The article's permanent link (`https://mp.weixin.qq.com/s/…`). */
  url: string;
  /** The "read the original" link the author set, '' when none. */
  contentSourceUrl: string;
  thumbMediaId: string;
  /** Cover image URL; real answers carry `thumb_url` although the documented field list omits it. */
  thumbUrl?: string;
  /** WeChat keeps deleted articles in the list and flags them. */
  isDeleted: boolean;
  /** Article HTML; present only when the sync asked WeChat for content. */
  content?: string;
}

/** One published post (`article_id`), holding one or more articles. */
export interface StoredArticle {
  articleId: string;
  /** Unix seconds, as WeChat sends it. */
  updateTime: number;
  items: StoredNewsItem[];
  /**
   * Set for an article mass-sent with notification (群发), which freepublish does not
   * list: found through datacube `getarticletotal`, stored by `mass-<msgid>`.
   */
  massSent?: true;
  /** A publish push said the post was deleted by the account (status 5) or banned (6). */
  removed?: 'deleted' | 'banned';
}
