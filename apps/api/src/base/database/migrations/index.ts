import { Foundation1767000000000 } from './1767000000000-foundation';
import { Collab1767000001000 } from './1767000001000-collab';

/** Every migration in order; the server runs the pending ones at start. */
export const MIGRATIONS = [Foundation1767000000000, Collab1767000001000];
