import type { StoredArticle } from '../store/index.js';
import type { DatacubeRow } from '../wechat/types.js';
import { beijingMidnightSec } from './beijing-days.js';

const MSGID = /^[0-9]{1,20}(_[0-9]{1,3})?$/;

/**
 * A `getarticletotal` entry → the article record stored beside the published ones, by
 * `mass-<msgid>` (msgid_index: one record per article of the send). freepublish does not
 * list mass-sent articles; datacube gives only the title and the day. Null for an entry
 * without a usable msgid.
 */
export function mapMassSent(row: DatacubeRow): StoredArticle | null {
  const { msgid, title } = row;
  if (typeof msgid !== 'string' || !MSGID.test(msgid)) return null;
  return {
    articleId: `mass-${msgid}`,
    updateTime: beijingMidnightSec(row.ref_date),
    items: [
      {
        title: typeof title === 'string' ? title.slice(0, 512) : '',
        author: '',
        digest: '',
        url: '',
        contentSourceUrl: '',
        thumbMediaId: '',
        isDeleted: false,
      },
    ],
    massSent: true,
  };
}
