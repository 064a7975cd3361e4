import type { SyncKind } from '../config/index.js';
import { DATACUBE_APIS } from '../wechat/types.js';

/** The quota-counted WeChat APIs each sync kind calls (cgi paths as `openapi/quota/get` takes them). */
export const KIND_APIS: Readonly<Record<SyncKind, readonly string[]>> = {
  articles: ['/cgi-bin/freepublish/batchget'],
  followers: ['/cgi-bin/user/get', '/cgi-bin/user/info/batchget'],
  materials: ['/cgi-bin/material/batchget_material', '/cgi-bin/material/get_materialcount'],
  analytics: DATACUBE_APIS.map((api) => `/datacube/${api}`),
};

/** The APIs an account uses; pushes add freepublish/getarticle when it has `push` configured. */
export function apisOf(kinds: readonly SyncKind[], hasPush: boolean): string[] {
  const paths = new Set(kinds.flatMap((kind) => KIND_APIS[kind]));
  if (hasPush) {
    paths.add('/cgi-bin/user/info/batchget');
    paths.add('/cgi-bin/freepublish/getarticle');
  }
  return [...paths];
}
