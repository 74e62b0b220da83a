/**
 * Close codes of the `/collab` endpoint, with the reason sent alongside: the one definition
 * the server closes with and clients read.
 */
export const CLOSE = {
  unauthenticated: 4401,
  forbidden: 4403,
  notFound: 4404,
  malformed: 4400,
  refused: 4409,
  /** the client did not read what the server sent fast enough: its send queue hit the bound */
  tooSlow: 4408,
  tooLarge: 1009,
  rateLimited: 4429,
  serverError: 1011,
  unloaded: 4503,
} as const;

export type CloseCode = (typeof CLOSE)[keyof typeof CLOSE];
