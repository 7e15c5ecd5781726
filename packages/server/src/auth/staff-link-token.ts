// Invitation and reset link tokens are made like session tokens: 256 random bits in the link, only their
// SHA-256 in the database.
export {
  hashSessionToken as hashLinkToken,
  looksLikeSessionToken as looksLikeLinkToken,
  newSessionToken as newLinkToken,
} from './session-token.js';
