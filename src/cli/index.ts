export { EXIT, type ExitCode } from './exit-codes.js';
export { type CliDeps, runCli } from './run-cli.js';
