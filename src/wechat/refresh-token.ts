import { Sensitive } from '../config/sensitive.js';

/** An authorizer_refresh_token: the one credential a platform cannot get back without the account's admin. */
export class RefreshToken extends Sensitive {}
