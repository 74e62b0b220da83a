import { Injectable } from '@nestjs/common';
import type { Tier } from '@zerobase/domain';

export interface PackageScore {
  score: number | null;
  tier: Tier | null;
}

export type PackageScoresProvider = (cycleId: string) => Promise<Map<string, PackageScore>>;

/**
 * Composite score and tier of each package, as package lists show them. The evaluation
 * capability provides them (the same computation as the ranking); packages only ask.
 */
@Injectable()
export class PackageScoresService {
  private provider: PackageScoresProvider | null = null;

  useProvider(provider: PackageScoresProvider): void {
    this.provider = provider;
  }

  async forCycle(cycleId: string): Promise<Map<string, PackageScore>> {
    return this.provider ? this.provider(cycleId) : new Map();
  }
}
