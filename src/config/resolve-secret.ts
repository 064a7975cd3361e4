import type { SecretRef } from './accounts-schema.js';
import type { ConfigProblem } from './config-error.js';
import { Sensitive } from './sensitive.js';

/**
 * `required`: every `env:` secret must be set (services, and CLI commands that call WeChat).
 * `optional`: an unset one leaves an empty secret, for commands that never call WeChat
 * (`locks`, `schedules`, `sync` without a worker in the same process), so an operator's
 * shell needs no secrets to inspect the queue.
 */
export type SecretsMode = 'required' | 'optional';

export const ENCODING_AES_KEY = /^[A-Za-z0-9+/]{43}$/;

/** Resolves secret references of one file, collecting problems instead of throwing. */
export class SecretResolver {
  readonly problems: ConfigProblem[] = [];

  constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly mode: SecretsMode,
  ) {}

  /** The schema already refused a blank literal; an env: reference is checked here. */
  resolve(ref: SecretRef, field: string): Sensitive {
    const value = ref.kind === 'literal' ? ref.value : (this.env[ref.variable] ?? '');
    if (ref.kind === 'env' && value === '' && this.mode === 'required') {
      this.problems.push({ field, problem: `environment variable ${ref.variable} is not set` });
    }
    return new Sensitive(value);
  }

  /** An EncodingAESKey: its shape is checked once resolved, and the value never echoed. */
  resolveAesKey(ref: SecretRef, field: string): Sensitive {
    const key = this.resolve(ref, field);
    if (key.reveal() !== '' && !ENCODING_AES_KEY.test(key.reveal())) {
      this.problems.push({ field, problem: 'must be 43 characters of A-Z a-z 0-9 + /' });
    }
    return key;
  }
}
