import { Command, CommanderError, InvalidArgumentError } from 'commander';
import type { AppConfig, SecretsMode } from '../config/index.js';
import { langFromLocaleEnv } from '../i18n/index.js';
import { probeRedis } from '../redis/probe-redis.js';
import { RedisUnreachableError } from '../redis/redis-unreachable-error.js';
import { CliSession } from './cli-session.js';
import type { CommandContext } from './commands/command-context.js';
import { diagnoseCommand } from './commands/diagnose-command.js';
import { type JobsAction, jobsCommand } from './commands/jobs-command.js';
import { locksCommand } from './commands/locks-command.js';
import { platformRecoverCommand, platformStatusCommand } from './commands/platform-command.js';
import { platformLinkCommand } from './commands/platform-link-command.js';
import { type QueueAction, queueCommand } from './commands/queue-command.js';
import { schedulesCommand } from './commands/schedules-command.js';
import { syncCommand } from './commands/sync-command.js';
import { TOKEN_CREDENTIAL_VAR, TOKEN_URL_VAR, tokenCommand } from './commands/token-command.js';
import { unblockCommand } from './commands/unblock-command.js';
import { EXIT, type ExitCode } from './exit-codes.js';

export interface CliDeps {
  /**
   * Called once a command runs (not for --help or a usage error); exits 2 itself on a bad
   * config. `optional` secrets: the command never calls WeChat, so unset `env:` secrets are fine.
   */
  loadConfig: (opts: { secrets: SecretsMode }) => AppConfig;
  /** Raw writers; the CLI adds the newlines. */
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** stderr is a terminal: waiting shows a progress line that rewrites itself. */
  stderrIsTty?: boolean;
  now?: () => number;
  /** The environment: the token command's URL and credential, and the language (LC_ALL, LC_MESSAGES, LANG); default process.env. */
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

/** The stderr line and exit code of an error a command threw. */
export function describeCliError(err: unknown): { line: string; code: ExitCode } {
  if (err instanceof RedisUnreachableError) return { line: `error: ${err.message}`, code: EXIT.redis };
  const message = err instanceof Error ? err.message : String(err);
  const code = err instanceof Error ? (err as NodeJS.ErrnoException).code : undefined;
  const isRedis =
    (code !== undefined && NETWORK_CODES.has(code)) ||
    (err instanceof Error && ['MaxRetriesPerRequestError', 'ConnectionClosedError'].includes(err.name)) ||
    message === 'Connection is closed.';
  return isRedis
    ? { line: `error: cannot reach Redis (${message})`, code: EXIT.redis }
    : { line: `error: ${message}`, code: EXIT.failed };
}

/** Commands that call WeChat need the accounts' secrets; the others run without them. */
type Run = (command: (ctx: CommandContext) => Promise<ExitCode>, secrets?: SecretsMode) => Promise<void>;
/** For commands that need neither the config nor Redis (the token client). */
type RunPlain = (command: () => Promise<ExitCode>) => Promise<void>;

function buildProgram(deps: CliDeps, run: Run, runPlain: RunPlain): Command {
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
    .action((opts: { account?: string; json: boolean }) =>
      run((ctx) => diagnoseCommand(ctx, opts), 'required'),
    );
  program
    .command('locks')
    .description('list account locks, or release those whose job is no longer active')
    .argument('[action]', 'list | cleanup', parseLocksAction, 'list')
    .option('--json', 'print JSON', false)
    .action((action: 'list' | 'cleanup', opts: { json: boolean }) =>
      run((ctx) => locksCommand(ctx, action, opts)),
    );
  program
    .command('token')
    .description(
      `print an app's access token from a wechat-sync token authority (for other systems; reads ${TOKEN_CREDENTIAL_VAR} and ${TOKEN_URL_VAR}); exit 0 ok, 1 refused, 2 usage`,
    )
    .requiredOption('--app <appId>', 'the app (wx…) whose token to print')
    .option(
      '--url <url>',
      `where wechat-sync listens (default $${TOKEN_URL_VAR}, else http://127.0.0.1:8084)`,
    )
    .option('--refresh-rejected <token>', 'WeChat rejected this token: ask for a newer one (passive refresh)')
    .option('--json', 'print {access_token, expires_at}', false)
    .action((opts: { app: string; url?: string; refreshRejected?: string; json: boolean }) =>
      runPlain(() =>
        tokenCommand(opts, {
          env: deps.env ?? process.env,
          out: (text) => deps.stdout(`${text}\n`),
          err: (text) => deps.stderr(`${text}\n`),
        }),
      ),
    );
  program
    .command('jobs')
    .description('failed jobs: list them, retry them or remove them, by account or reason code')
    .argument('[action]', 'list | retry | clean', oneOf<JobsAction>(['list', 'retry', 'clean']), 'list')
    .option('-a, --account <accountId>', 'only this account')
    .option('-r, --reason <code>', 'only this reason code, e.g. IP_NOT_WHITELISTED, RETRIES_EXHAUSTED')
    .option('--all', 'retry/clean every failed job (neither --account nor --reason)', false)
    .option('--json', 'print JSON (list)', false)
    .action((action: JobsAction, opts: { account?: string; reason?: string; all: boolean; json: boolean }) =>
      run((ctx) => jobsCommand(ctx, action, opts)),
    );
  program
    .command('queue')
    .description('pause or resume the sync queue (workers finish running jobs, take no new ones), or show it')
    .argument('<action>', 'pause | resume | status', oneOf<QueueAction>(['pause', 'resume', 'status']))
    .action((action: QueueAction) => run((ctx) => queueCommand(ctx, action)));
  const platform = program
    .command('platform')
    .description(
      'third-party platforms (第三方平台): status of tickets, tokens and authorisations; recovery',
    );
  platform
    .command('status')
    .description(
      'ticket age and validity, component token cached, authorised/revoked counts, accounts not authorised',
    )
    .argument('[platformId]', 'one platform (default: all)')
    .option('--json', 'print JSON', false)
    .action((platformId: string | undefined, opts: { json: boolean }) =>
      run((ctx) => platformStatusCommand(ctx, { ...(platformId ? { platformId } : {}), json: opts.json })),
    );
  platform
    .command('recover')
    .description(
      "rebuild the platform's authorisations from WeChat's api_get_authorizer_list after a lost store (no re-authorisation); exit 0 ok, 1 WeChat refused, 2 usage",
    )
    .argument('<platformId>', 'the platform (platformId in the accounts file)')
    .option('--json', 'print the report as JSON', false)
    .action((platformId: string, opts: { json: boolean }) =>
      run((ctx) => platformRecoverCommand(ctx, { platformId, json: opts.json }), 'required'),
    );
  platform
    .command('link')
    .description(
      "authorisation links (PC and mobile) to send to an account's administrator / 发给公众号管理员的授权链接; exit 0 ok, 1 WeChat refused, 2 usage or PUBLIC_URL unset",
    )
    .argument('<platformId>', 'the platform (platformId in the accounts file)')
    .option('--account <id>', 'pin the link to this account (its AppID becomes biz_appid)')
    .option('--json', 'print JSON', false)
    .action((platformId: string, opts: { account?: string; json: boolean }) =>
      run(
        (ctx) =>
          platformLinkCommand(ctx, {
            platformId,
            json: opts.json,
            ...(opts.account === undefined ? {} : { account: opts.account }),
          }),
        'required',
      ),
    );
  return program;
}

/** A commander argument parser that accepts only the listed words. */
function oneOf<T extends string>(words: readonly T[]): (value: string) => T {
  return (value) => {
    if ((words as readonly string[]).includes(value)) return value as T;
    throw new InvalidArgumentError(`must be ${words.join(', ')}.`);
  };
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
  // On a terminal a progress line is rewritten in place; a status line first clears it.
  let progressShown = false;
  const clearProgress = () => {
    if (progressShown) deps.stderr('\r\x1b[K');
    progressShown = false;
  };
  const line = (write: (text: string) => void) => (text: string) => {
    clearProgress();
    write(`${text}\n`);
  };
  const progress = deps.stderrIsTty
    ? (text: string) => {
        deps.stderr(`\r\x1b[K${text.slice(0, 200)}`);
        progressShown = true;
      }
    : null;
  let code: ExitCode = EXIT.ok;
  const run: Run = async (command, secrets = 'optional') => {
    const config = deps.loadConfig({ secrets });
    const session = new CliSession(config);
    const ctx: CommandContext = {
      config,
      session,
      out: line(deps.stdout),
      err: line(deps.stderr),
      progress,
      now: deps.now ?? Date.now,
      lang: langFromLocaleEnv(deps.env ?? process.env),
    };
    try {
      // A bounded first contact: a Redis that accepts and never answers must not hang a terminal.
      await probeRedis(config, config.redisConnectTimeoutMs);
      code = await command(ctx);
    } catch (err) {
      const described = describeCliError(err);
      ctx.err(described.line);
      code = described.code;
    } finally {
      await session.close();
    }
  };
  const runPlain: RunPlain = async (command) => {
    code = await command();
  };
  try {
    await buildProgram(deps, run, runPlain).parseAsync([...argv]);
  } catch (err) {
    // Commander has already printed the message; --help and --version exit with 0.
    if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    throw err;
  }
  return code;
}
