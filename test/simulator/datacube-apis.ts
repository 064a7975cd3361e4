import { addDays, beijingDay, daysBetween, isDay, latestReadyDay } from '../../src/analytics/beijing-days.js';
import type { AppState } from './app-state.js';
import type { DataEndpoint, DataResult } from './data-apis.js';
import { seededRng } from './prng.js';

/** Largest span per call (wechat-api.md); the simulator refuses a longer one with 61501. */
const SPANS: Readonly<Record<string, number>> = {
  getusersummary: 7,
  getusercumulate: 7,
  getarticlesummary: 1,
  getarticletotal: 1,
};

type Rows = (app: AppState, day: string) => object[];

const userSummary: Rows = (app, day) => {
  const rng = seededRng(`${app.appId}:usersummary:${day}`);
  return [
    { ref_date: day, user_source: 0, new_user: Math.floor(rng() * 50), cancel_user: Math.floor(rng() * 10) },
  ];
};

const userCumulate: Rows = (app, day) => [
  { ref_date: day, cumulate_user: app.followers.total + Math.max(0, daysBetween('2024-01-01', day)) },
];

const sendsOn = (app: AppState, day: string) => app.events.massSends.filter((s) => s.day === day);

const articleSummary: Rows = (app, day) =>
  sendsOn(app, day).map((s) => ({
    ref_date: day,
    msgid: s.msgid,
    title: s.title,
    int_page_read_user: 12,
    int_page_read_count: 20,
    share_user: 1,
    share_count: 1,
  }));

const articleTotal: Rows = (app, day) =>
  sendsOn(app, day).map((s) => ({
    ref_date: day,
    msgid: s.msgid,
    title: s.title,
    details: [
      { stat_date: day, target_user: app.followers.total, int_page_read_user: 12, int_page_read_count: 20 },
    ],
  }));

const ROWS: Readonly<Record<string, Rows>> = {
  getusersummary: userSummary,
  getusercumulate: userCumulate,
  getarticlesummary: articleSummary,
  getarticletotal: articleTotal,
};

function datacube(name: string): DataEndpoint {
  return {
    jsonBody: true,
    handle(app, { body, now }): DataResult {
      const begin = body.begin_date;
      const end = body.end_date;
      if (typeof begin !== 'string' || typeof end !== 'string' || !isDay(begin) || !isDay(end))
        return { errcode: 61500 };
      const span = daysBetween(begin, end) + 1;
      if (span < 1 || span > (SPANS[name] ?? 1) || end > latestReadyDay(now) || begin < '2014-12-01')
        return { errcode: 61501 };
      const days: string[] = [];
      for (let day = begin; day <= end; day = addDays(day, 1)) days.push(day);
      if (days.some((day) => app.config.datacubeFailDays.includes(day))) return { errcode: -1 };
      return { ok: { list: days.flatMap((day) => (ROWS[name] ?? (() => []))(app, day)) } };
    },
  };
}

/** freepublish/getarticle: the news items of one published post. */
export const publishedArticle: DataEndpoint = {
  jsonBody: true,
  handle(app, { body }) {
    const post = app.content().published.find((p) => p.article_id === body.article_id);
    return post === undefined ? { errcode: 53600 } : { ok: { news_item: post.content.news_item } };
  },
};

export const DATACUBE_ENDPOINTS: [string, DataEndpoint][] = Object.keys(SPANS).map((name) => [
  `/datacube/${name}`,
  datacube(name),
]);

/** For tests: the Beijing day of a sim-clock instant. */
export const simDay = beijingDay;
