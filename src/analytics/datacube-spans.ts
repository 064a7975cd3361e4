import type { DatacubeApi } from '../wechat/types.js';

/** Largest span (days) of one call per datacube API (wechat-api.md, "Analytics"). */
export const DATACUBE_SPAN_DAYS: Readonly<Record<DatacubeApi, number>> = {
  getusersummary: 7,
  getusercumulate: 7,
  getarticlesummary: 1,
  getarticletotal: 1,
};
