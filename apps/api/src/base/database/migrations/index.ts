import { Foundation1767000000000 } from './1767000000000-foundation';
import { Collab1767000001000 } from './1767000001000-collab';
import { Conflicts1767000002000 } from './1767000002000-conflicts';
import { Evaluation1767000003000 } from './1767000003000-evaluation';
import { Integrity1767000005000 } from './1767000005000-integrity';
import { BilingualNames1767000007000 } from './1767000007000-bilingual-names';
import { Meetings1767000009000 } from './1767000009000-meetings';
import { Metrics1767000010000 } from './1767000010000-metrics';
import { Allocator1767000011000 } from './1767000011000-allocator';
import { History1767000013000 } from './1767000013000-history';
import { Attachments1767000014000 } from './1767000014000-attachments';
import { AllocationOverrides1767000015000 } from './1767000015000-allocation-overrides';
import { Performance1767000016000 } from './1767000016000-performance';
import { DepartmentLimits1767000017000 } from './1767000017000-department-limits';
import { PublicationWithdrawal1767000019000 } from './1767000019000-publication-withdrawal';
import { Consolidation1767000020000 } from './1767000020000-consolidation';
import { PriceCatalogue1767000021000 } from './1767000021000-price-catalogue';
import { Ledger1767000022000 } from './1767000022000-ledger';

/** Every migration in order; the server runs the pending ones at start. */
export const MIGRATIONS = [
  Foundation1767000000000,
  Collab1767000001000,
  Conflicts1767000002000,
  Evaluation1767000003000,
  Integrity1767000005000,
  BilingualNames1767000007000,
  Meetings1767000009000,
  Metrics1767000010000,
  Allocator1767000011000,
  History1767000013000,
  Attachments1767000014000,
  AllocationOverrides1767000015000,
  Performance1767000016000,
  DepartmentLimits1767000017000,
  PublicationWithdrawal1767000019000,
  Consolidation1767000020000,
  PriceCatalogue1767000021000,
  Ledger1767000022000,
];
