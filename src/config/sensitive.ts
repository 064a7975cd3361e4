import { inspect } from 'node:util';

import { REDACTED } from '../log/scrub.js';

/**
 * A secret value that cannot leak by accident: JSON.stringify, String(), template
 * literals, util.inspect and console.log all print `[redacted]`. Only `reveal()` gives
 * the value, and only code that puts it in a request should call it.
 */
export class Sensitive {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  /** Constant-length-independent equality is not needed here: values never come from callers. */
  equals(other: Sensitive): boolean {
    return this.#value === other.#value;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return REDACTED;
  }
}
