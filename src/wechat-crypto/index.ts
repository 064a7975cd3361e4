export { WeChatCryptoError } from './crypto-error.js';
export { aesKeyOf, decryptMessage, encryptMessage } from './message-cipher.js';
export { pushSignature, verifyPushSignature } from './signature.js';
