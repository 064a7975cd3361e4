import { Command, CommanderError, InvalidArgumentError } from 'commander';
import type { AppConfig } from '../config/index.js';
import { langFromLocaleEnv } from '../i18n/index.js';
import { CliSession } from './cli-session.js';
import type { CommandContext } from './commands/command-context.js';
import { diagnoseCommand } from './commands/diagnose-command.js';
import { locksCommand } from './commands/locks-command.js';
import { schedulesCommand } from './commands/schedules-command.js';
import { syncCommand } from './commands/sync-command.js';
import { unblockCommand } from './commands/unblock-command.js';
import { EXIT, type ExitCode } from './exit-codes.js';

export interface CliDeps {
  /** Called once a command runs (not for --help or a usage error); exits 2 itself on a bad config. */
  loadConfig: () => AppConfig;
  /** Raw writers; the CLI adds the newlines. */
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  now?: () => number;
  /** Where the language comes from (LC_ALL, LC_MESSAGES, LANG); default process.env. */
  env?: NodeJS.ProcessEnv;
}

const DEFAULT_TIMEOUT_S = 120;

function parseTimeout(value: string): number {
  const seconds = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(seconds) || seconds < 1) {
    throw new InvalidArgumentError('must be a whole number of seconds, at least 1.');
  }
  return seconds;
}

/** Network failures can only be Redis's (it is the one thing the CLI talks to): say so. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
]);

export function describeCliError(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const code = err instanceof Error ? (err as NodeJS.ErrnoException).code : undefined;
  const isRedis =
    (code !== undefined && NETWORK_CODES.has(code)) ||
    (err instanceof Error && ['MaxRetriesPerRequestError', 'ConnectionClosedError'].includes(err.name)) ||
    message === 'Connection is closed.';
  return isRedis ? `error: cannot reach Redis (${message})` : `error: ${message}`;
}

type Run = (command: (ctx: CommandContext) => Promise<ExitCode>) => Promise<void>;

function buildProgram(deps: CliDeps, run: Run): Command {
  const program = new Command('wechat-sync')
    .description(
      'Enqueue and inspect WeChat Official Account syncs (uses the same environment as the services).',
    )
    .exitOverride()
    .configureOutput({ writeOut: deps.stdout, writeErr: deps.stderr })
    .showHelpAfterError('(run with --help for usage)');
  program
    .command('sync')
    .description(
      'enqueue a sync of one account; exit 0 ok, 1 job failed, 2 usage/config, 3 timed out waiting',
    )
    .requiredOption('-a, --account <accountId>', 'account id from the accounts file')
    .option('--force', 'a separate job even if one is waiting (and ignore checkpoints)', false)
    .option('--wait', 'wait for the job to finish and print its result or its failure', false)
    .option('--timeout <seconds>', 'how long --wait waits', parseTimeout, DEFAULT_TIMEOUT_S)
    .action((opts: { account: string; force: boolean; wait: boolean; timeout: number }) =>
      run((ctx) => syncCommand(ctx, opts)),
    );
  program
    .command('schedules')
    .description('list the job schedulers: account, interval or cron, offset, next run')
    .option('--json', 'print JSON instead of a table', false)
    .action((opts: { json: boolean }) => run((ctx) => schedulesCommand(ctx, opts)));
  program
    .command('unblock')
    .description("clear an account's IP-whitelist block so its next sync calls WeChat again")
    .requiredOption('-a, --account <accountId>', 'account id from the accounts file')
    .action((opts: { account: string }) => run((ctx) => unblockCommand(ctx, opts)));
  program
    .command('diagnose')
    .description(
      'check Redis and each account (token, egress IP, block, lock, last sync, jobs); exit 1 when any cannot get a token',
    )
    .option('-a, --account <accountId>', 'check this account only')
    .option('--json', 'print the report as JSON', false)
    .action((opts: { account?: string; json: boolean }) => run((ctx) => diagnoseCommand(ctx, opts)));
  program
    .command('locks')
    .description('list account locks, or release those whose job is no longer active')
    .argument('[action]', 'list | cleanup', parseLocksAction, 'list')
    .option('--json', 'print JSON', false)
    .action((action: 'list' | 'cleanup', opts: { json: boolean }) =>
      run((ctx) => locksCommand(ctx, action, opts)),
    );
  return program;
}

function parseLocksAction(value: string): 'list' | 'cleanup' {
  if (value === 'list' || value === 'cleanup') return value;
  throw new InvalidArgumentError('must be list or cleanup.');
}

/**
 * Parses argv, runs one command and returns its exit code (see exit-codes.ts). Every
 * connection a command opened is closed before this returns.
 */
export async function runCli(argv: readonly string[], deps: CliDeps): Promise<ExitCode> {
  const line = (write: (text: string) => void) => (text: string) => write(`${text}\n`);
  let code: ExitCode = EXIT.ok;
  const run: Run = async (command) => {
    const config = deps.loadConfig();
    const session = new CliSession(config);
    const ctx: CommandContext = {
      config,
      session,
      out: line(deps.stdout),
      err: line(deps.stderr),
      now: deps.now ?? Date.now,
      lang: langFromLocaleEnv(deps.env ?? process.env),
    };
    try {
      code = await command(ctx);
    } catch (err) {
      ctx.err(describeCliError(err));
      code = EXIT.failed;
    } finally {
      await session.close();
    }
  };
  try {
    await buildProgram(deps, run).parseAsync([...argv]);
  } catch (err) {
    // Commander has already printed the message; --help and --version exit with 0.
    if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    throw err;
  }
  return code;
}
