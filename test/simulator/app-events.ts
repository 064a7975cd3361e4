import { beijingDay } from '../../src/analytics/beijing-days.js';
import { randomString, seededRng } from './prng.js';
import type { PublishedPost } from './seed.js';

/** A send with notification (群发): listed by datacube getarticletotal on its day, never by freepublish. */
export interface MassSend {
  msgid: string;
  day: string;
  title: string;
}

/**
 * What happens on an app after it was put: posts published and mass sends made through
 * the simulator (each then pushed to the system by a PushSender, see push-sender.ts).
 */
export class AppEvents {
  readonly massSends: MassSend[] = [];
  #next = 1;

  constructor(private readonly appId: string) {}

  /** A new published post (article_id as WeChat's: 43 base64url characters). */
  publish(published: PublishedPost[], title: string, atSec: number): PublishedPost {
    const rng = seededRng(`${this.appId}:publish:${this.#next++}`);
    const post: PublishedPost = {
      article_id: randomString(rng, 43),
      create_time: atSec,
      update_time: atSec,
      content: {
        news_item: [
          {
            title,
            author: 'sim',
            digest: '',
            content: `<p>${title}</p>`,
            content_source_url: '',
            thumb_media_id: randomString(rng, 43),
            thumb_url: '',
            show_cover_pic: 0,
            need_open_comment: 0,
            only_fans_can_comment: 0,
            url: `https://mp.weixin.qq.com/s/${randomString(rng, 22)}`,
          },
        ],
      },
    };
    published.push(post);
    return post;
  }

  /** A mass send on `day` (a Beijing day; default that of `atMs`); its msgid as `getarticletotal` gives it. */
  massSend(title: string, atMs: number, day = beijingDay(atMs)): MassSend {
    const send = { msgid: `${2_247_483_600 + this.#next++}_1`, day, title };
    this.massSends.push(send);
    return send;
  }
}
