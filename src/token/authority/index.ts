export { type TokenAuthorityOptions, tokenAuthority } from './authority-routes.js';
export { identifyClient } from './client-auth.js';
export { TokenClientRegistry } from './client-registry.js';
export { type TokenAnswer, tokenAnswer } from './token-answer.js';
