/**
 * One call for the server's per-message path: decode the update once, authorize it, and when
 * it is authorized, list the conflicts it carries. Call before `Y.applyUpdate`. Never throws.
 */
import * as Y from 'yjs';
import { conflictsOfUpdate, type EditConflict } from './conflicts';
import { CollabError } from './schema';
import { UpdateResolver } from './update-resolver';
import { malformedVerdict, scopeOfUpdate, verdictOf, type AuthorizationResult, type WriteRights } from './update-scope';

export interface UpdateInspection {
  verdict: AuthorizationResult;
  /** empty when refused */
  conflicts: EditConflict[];
}

export function inspectUpdate(doc: Y.Doc, update: Uint8Array, rights: WriteRights): UpdateInspection {
  let resolver: UpdateResolver;
  try {
    resolver = new UpdateResolver(doc, update);
  } catch (error) {
    return { verdict: malformedVerdict(new CollabError(`malformed update: ${error instanceof Error ? error.message : String(error)}`)), conflicts: [] };
  }
  const verdict = verdictOf(scopeOfUpdate(resolver), rights);
  return { verdict, conflicts: verdict.ok ? conflictsOfUpdate(resolver) : [] };
}
