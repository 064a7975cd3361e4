import { createHash } from 'node:crypto';

/**
 * Messages between the cross-process token cache test and its children
 * (test/helpers/token-cache-child.ts), one JSON object per line.
 */
export type ParentMessage = { type: 'go'; appId: string; secret: string; count: number } | { type: 'exit' };

export type ChildMessage =
  | { type: 'ready' }
  | {
      type: 'result';
      appId: string;
      /** sha256 (hex) of each token obtained: the test compares tokens without any process printing one. */
      tokens: string[];
      errors: Array<{ name: string; errcode: number | null; rid: string | null; ip: string | null }>;
    };

export type ChildResult = Extract<ChildMessage, { type: 'result' }>;

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
