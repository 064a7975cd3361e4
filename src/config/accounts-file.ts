import { readFileSync } from 'node:fs';
import { ConfigError } from './config-error.js';
import { type AccountsDocument, parseAccountsDocument, type SecretsMode } from './parse-accounts.js';

/** 1-based line and column of a character offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/**
 * JSON.parse's message can quote a stretch of the input (`Unexpected token 'x', "{"appSecret":
 * "…" is not valid JSON`), which may hold a literal secret: only the reason and the position
 * are kept.
 */
export function parseJsonText(text: string, label: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const reason = message.replace(/ in JSON at position \d+.*$/s, '').replace(/, ".*$/s, '');
    const position = /at position (\d+)/.exec(message)?.[1];
    if (position === undefined) throw new ConfigError(label, `invalid JSON (${reason})`);
    const { line, column } = lineAndColumn(text, Number(position));
    throw new ConfigError(label, `invalid JSON at line ${line} column ${column} (${reason})`);
  }
}

function readText(file: string): string {
  try {
    // Editors on Windows save UTF-8 with a byte-order mark, which JSON.parse rejects.
    return readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? (err instanceof Error ? err.message : String(err));
    throw new ConfigError('ACCOUNTS_FILE', `cannot read ${file} (${code})`);
  }
}

/** Reads and validates the accounts file (its platforms and accounts) at the absolute path `file`; `label` names it in messages. */
export function loadAccountsFile(
  file: string,
  label: string,
  env: NodeJS.ProcessEnv,
  secrets: SecretsMode = 'required',
): AccountsDocument {
  const json = parseJsonText(readText(file), label);
  if (typeof json !== 'object' || json === null) {
    throw new ConfigError(
      label,
      'must be an array of accounts or an object {"platforms": [...], "accounts": [...]}',
    );
  }
  return parseAccountsDocument(json, label, env, secrets);
}
