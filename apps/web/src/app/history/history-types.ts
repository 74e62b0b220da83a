import type { PackageSnapshot } from '@zerobase/collab';
import type { VersionSummaryView } from '@zerobase/domain';

/** One version with its content, as GET /api/packages/:id/versions/:versionId answers. */
export interface VersionContent {
  id: string;
  name: string;
  kind: VersionSummaryView['kind'];
  createdBy: string | null;
  createdAt: string;
  content: PackageSnapshot;
}
