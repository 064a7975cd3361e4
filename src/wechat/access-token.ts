import { Sensitive } from '../config/sensitive.js';

/** A WeChat access token. Prints as `[redacted]`; `reveal()` is for the client building a request. */
export class AccessToken extends Sensitive {}

/** A token as WeChat issued it, with the absolute expiry computed at the boundary. */
export interface IssuedToken {
  token: AccessToken;
  /** Epoch milliseconds when WeChat says the token stops working. */
  expiresAt: number;
}

/** What a WeChat call needs to identify the app. The secret stays wrapped until the request is built. */
export interface AppCredentials {
  appId: string;
  appSecret: Sensitive;
}
