/**
 * A tiny entry point for the config child-process test: loads the config the way every
 * real entry point does and prints a summary, or lets loadConfigOrExit exit 2.
 */
import { loadConfigOrExit } from '../../src/config/index.js';

const config = loadConfigOrExit();
process.stdout.write(`ok ${config.accounts.length} accounts\n`);
