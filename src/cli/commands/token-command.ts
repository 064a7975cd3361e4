import { TokenAuthorityClient, TokenAuthorityError } from '../../token/client/index.js';
import { EXIT, type ExitCode } from '../exit-codes.js';

export interface TokenCommandOptions {
  app: string;
  url?: string;
  refreshRejected?: string;
  json: boolean;
}

export interface TokenCommandIo {
  env: NodeJS.ProcessEnv;
  out: (line: string) => void;
  err: (line: string) => void;
}

export const TOKEN_URL_VAR = 'WECHAT_SYNC_URL';
export const TOKEN_CREDENTIAL_VAR = 'WECHAT_SYNC_CREDENTIAL';

/**
 * `wechat-sync token --app wx…`: the client side of the token authority, for the
 * organisation's other systems and their scripts. It needs no accounts file and no
 * Redis: only where wechat-sync listens and this system's credential, which is read from
 * the environment (an argument would show in `ps`). Prints the token alone, so
 * `TOKEN=$(wechat-sync token --app wx…)` works; `--json` prints the whole answer.
 * Exit 0 ok, 1 refused or failed, 2 usage.
 */
export async function tokenCommand(opts: TokenCommandOptions, io: TokenCommandIo): Promise<ExitCode> {
  const url = opts.url ?? io.env[TOKEN_URL_VAR] ?? 'http://127.0.0.1:8084';
  const credential = io.env[TOKEN_CREDENTIAL_VAR];
  if (!credential) {
    io.err(
      `error: ${TOKEN_CREDENTIAL_VAR} is not set: export this system's credential from TOKEN_CLIENTS_FILE`,
    );
    return EXIT.usage;
  }
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
    io.err(`error: --url / ${TOKEN_URL_VAR} must be an http:// or https:// URL`);
    return EXIT.usage;
  }
  const client = new TokenAuthorityClient({ baseUrl: url, credential });
  try {
    const token = opts.refreshRejected
      ? await client.refresh(opts.app, opts.refreshRejected)
      : await client.getToken(opts.app);
    if (opts.json) {
      io.out(JSON.stringify({ access_token: token.accessToken, expires_at: token.expiresAt.toISOString() }));
    } else io.out(token.accessToken);
    return EXIT.ok;
  } catch (err) {
    if (err instanceof TokenAuthorityError) {
      const wait = err.retryAfterS === null ? '' : ` (retry in ${err.retryAfterS} s)`;
      io.err(`error: ${err.message}${wait}`);
    } else
      io.err(
        `error: cannot reach the token authority at ${new URL(url).origin}: ${err instanceof Error ? err.message : String(err)}`,
      );
    return EXIT.failed;
  }
}
