import type { PackageStage } from '@zerobase/domain';
import type { PackageParts } from './package-view';

/**
 * A check a package must pass before it moves between stages (e.g. no open conflicts before
 * review). Other capabilities register gates with `PackagesService.useStageGate`, so packages
 * need not know them. A gate refuses by throwing a typed error (409 with details).
 */
export interface StageGate {
  check(parts: PackageParts, from: PackageStage, to: PackageStage): Promise<void>;
}
