import type { ContentPatch } from '@zerobase/collab';
import type { Principal } from '../auth';
import type { PackageParts } from './package-view';

/**
 * Where content edits made through REST go once packages are co-edited documents: the collab
 * module registers a writer that applies them to the document (authorized per section, logged,
 * relayed, projected). Without one, content is written to the tables directly.
 */
export interface PackageContentWriter {
  apply(user: Principal, parts: PackageParts, patch: ContentPatch): Promise<void>;
  /** a package passed a stage gate: record a named version of its document */
  stageChanged(packageId: string, from: string, to: string): Promise<void>;
  /**
   * Brings the package's rows up to its document now (the projection writes texts up to a
   * second late): before a read that must see every text as edited, such as a stage move.
   */
  settle(packageId: string): Promise<void>;
}
