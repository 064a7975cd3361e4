/** One thing wrong with the configuration: the variable or accounts-file path, and what is wrong. */
export interface ConfigProblem {
  /** `PORT`, `accounts.json[1].appId`, `ACCOUNTS_FILE`, … */
  field: string;
  /** What is wrong, readable on its own; never contains a secret's value. */
  problem: string;
}

/**
 * The configuration cannot be used. Entry points print `config error: <field>: <problem>`
 * and exit 2 (see load-config-or-exit.ts); the literal `name` lets callers recognise it
 * without `instanceof` across module copies.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError' as const;
  /** The first problem's field. */
  readonly field: string;
  /** The first problem's description. */
  readonly problem: string;
  /** Every problem found, the first one being `field`/`problem`. */
  readonly problems: readonly ConfigProblem[];

  constructor(field: string, problem: string, more: readonly ConfigProblem[] = []) {
    super(`${field}: ${problem}`);
    this.field = field;
    this.problem = problem;
    this.problems = [{ field, problem }, ...more];
  }

  /** Builds the error from a non-empty list of problems (the first one leads). */
  static fromProblems(problems: readonly ConfigProblem[]): ConfigError {
    const [first, ...rest] = problems;
    if (first === undefined) throw new TypeError('ConfigError.fromProblems needs at least one problem');
    return new ConfigError(first.field, first.problem, rest);
  }
}
