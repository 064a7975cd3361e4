#!/usr/bin/env node
import { runCli } from '../src/cli/index.js';
import { loadConfigOrExit } from '../src/config/index.js';

/*
 * `wechat-sync` / `npm run cli -- …`: only wiring; the commands are in src/cli.
 * Exit codes (src/cli/exit-codes.ts): 0 ok, 1 job failed, 2 usage or config error,
 * 3 timed out waiting, 4 cannot reach Redis.
 */
const code = await runCli(process.argv, {
  loadConfig: (opts) => loadConfigOrExit(process.env, opts),
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  stderrIsTty: process.stderr.isTTY === true,
});
process.exitCode = code;
// Every connection is closed by now; should a library keep a handle open, exit anyway
// rather than hang a terminal or a cron job (unref: it never delays a clean exit).
setTimeout(() => process.exit(code), 2_000).unref();
