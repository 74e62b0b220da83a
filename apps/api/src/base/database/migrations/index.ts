import { Foundation1767000000000 } from './1767000000000-foundation';
import { Collab1767000001000 } from './1767000001000-collab';
import { Conflicts1767000002000 } from './1767000002000-conflicts';
import { Evaluation1767000003000 } from './1767000003000-evaluation';
import { BilingualNames1767000007000 } from './1767000007000-bilingual-names';

/** Every migration in order; the server runs the pending ones at start. */
export const MIGRATIONS = [Foundation1767000000000, Collab1767000001000, Conflicts1767000002000, Evaluation1767000003000, BilingualNames1767000007000];
