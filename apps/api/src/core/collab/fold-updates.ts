import { createPackageDoc } from '@zerobase/collab';
import * as Y from 'yjs';

export interface FoldRequest {
  id: number;
  /** the snapshot (if any) followed by the logged updates, in log order */
  parts: Uint8Array[];
}

/**
 * Applies stored parts to a package document (which keeps deleted rows, see createPackageDoc)
 * and encodes the result: the new snapshot.
 */
export function foldUpdates(parts: Uint8Array[]): Uint8Array {
  const doc = createPackageDoc();
  try {
    Y.transact(doc, () => {
      for (const part of parts) Y.applyUpdate(doc, part);
    });
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}
