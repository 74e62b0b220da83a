import type { Membership } from '@zerobase/domain';

/** The signed-in user as every guard and service sees it. */
export interface Principal {
  userId: string;
  email: string;
  displayName: string;
  departmentId: string | null;
  memberships: Membership[];
}

export interface TokenClaims {
  sub: string;
  email: string;
}
