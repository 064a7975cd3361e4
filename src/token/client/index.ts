export {
  type AuthorityToken,
  TOKEN_REJECTED_ERRCODES,
  TokenAuthorityClient,
  type TokenAuthorityClientOptions,
  TokenAuthorityError,
} from './token-authority-client.js';
