/**
 * Close codes of the `/collab` socket, with the reason sent alongside: one definition for the
 * server that closes and the clients that react (4401/4403/4404 stop reconnecting).
 */
export const CLOSE = {
  unauthenticated: 4401,
  /** may not read the package; also when access is revoked on an open connection */
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

/** Reason prefix of a close after a membership, publication or stage change took read access away. */
export const ACCESS_REVOKED = 'access revoked';
