import type { z } from 'zod';
import type { ConfigProblem } from './config-error.js';

/** `accounts.json` + [1, 'schedule', 'every'] → `accounts.json[1].schedule.every`; no root → `PORT`. */
export function formatPath(root: string | null, path: readonly PropertyKey[]): string {
  let out = root ?? '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? 'environment' : out;
}

/** Our schemas carry their own messages; zod's defaults only remain for shapes we did not foresee. */
function describe(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((key) => JSON.stringify(key)).join(', ');
    return `unknown ${issue.keys.length === 1 ? 'key' : 'keys'} ${keys}`;
  }
  return issue.message;
}

export function issuesToProblems(root: string | null, issues: readonly z.core.$ZodIssue[]): ConfigProblem[] {
  return issues.map((issue) => ({ field: formatPath(root, issue.path), problem: describe(issue) }));
}
