import { describe, expect, test } from '@jest/globals';
import { emptyKindSummary, type SyncContext } from '../../src/sync/index.js';
import { MAX_SKIPPED_IDS, noteSkipped, skippedProgress } from '../../src/sync/skipped-entries.js';
import { captureLog } from '../helpers/log-capture.js';

function contextWith(logger: SyncContext['logger']): SyncContext {
  return { logger } as SyncContext;
}

describe('noteSkipped', () => {
  test('counts each malformed entry and names it in one warn line with its id and problem', () => {
    const log = captureLog();
    const summary = emptyKindSummary();
    noteSkipped(contextWith(log.logger), summary, 'articles', 'article_id', [
      { id: 'Xt8PKfzIGY0NdwcjQxsHeDBv5mbL-3Yp7E1pdWDmTsk', problem: 'update_time: custom' },
      { id: null, problem: 'article_id: invalid_type' },
    ]);
    expect(summary).toMatchObject({
      skipped: 2,
      skippedIds: ['Xt8PKfzIGY0NdwcjQxsHeDBv5mbL-3Yp7E1pdWDmTsk', '(no id)'],
    });
    const lines = log.entries();
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      level: 40,
      kind: 'articles',
      article_id: 'Xt8PKfzIGY0NdwcjQxsHeDBv5mbL-3Yp7E1pdWDmTsk',
      problem: 'update_time: custom',
    });
    expect(String(lines[0]?.msg)).toContain('article_id Xt8PKfzIGY0NdwcjQxsHeDBv5mbL-3Yp7E1pdWDmTsk');
    expect(lines[1]).toMatchObject({ article_id: null });
  });

  test('keeps at most MAX_SKIPPED_IDS ids however many entries are skipped', () => {
    const log = captureLog();
    const summary = emptyKindSummary();
    const rejected = Array.from({ length: 50 }, (_, i) => ({ id: `o${i}`, problem: 'openid: too_small' }));
    noteSkipped(contextWith(log.logger), summary, 'followers', 'openid', rejected);
    expect(summary.skipped).toBe(50);
    expect(summary.skippedIds).toHaveLength(MAX_SKIPPED_IDS);
    expect(skippedProgress(summary)).toEqual({ skipped: 50, skippedIds: summary.skippedIds });
  });

  test('progress carries nothing about skipped entries while there are none', () => {
    expect(skippedProgress(emptyKindSummary())).toEqual({});
  });
});
