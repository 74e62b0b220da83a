/**
 * Which parts of a package an incoming update touches, and whether a user may write them.
 *
 * How the server finds the parts an update touches (without applying it):
 * 1. Decode the v1 update with `Y.decodeUpdate`: a list of structs (Item, GC, Skip) and a
 *    delete set (client → clock ranges).
 * 2. For every Item the server does not already have (clock ≥ the server's state for that
 *    client), find its parent the way Yjs will (see update-resolver.ts):
 *    - `parent` is a string: the name of a root type → the section is the name's prefix;
 *    - `parent` is an ID: the item holding a nested type, in the server document or earlier in
 *      the update → walk up from that type through `type._item.parent` to the root type;
 *    - no parent encoded: parent (and map key) are those of the item containing `origin`, or
 *      else of the item containing `rightOrigin` — again in the server document or the update.
 *    The root type's name gives the section: `shared`, `shared/<part>` → 'shared';
 *    `dept:<id>/<part>` → `dept:<id>`. Any other root name is outside the schema (refused).
 * 3. For the delete set, find the items in the server document (`doc.store.clients`,
 *    `Y.findIndexSS`) or in the update that the ranges cover and that are not yet deleted, and
 *    take the section of each one's parent type. Deleting a row deletes everything inside it,
 *    which lies in the same section.
 * 4. Anything that cannot be resolved — an origin/parent/deleted range that is neither in the
 *    server document nor in the update, a gap in a client's clocks, a reference cycle, or
 *    pending structs already parked in the server document — makes the result `unknown`: Yjs
 *    would integrate it later, when its target can no longer be checked. Refuse such updates;
 *    the client resyncs (sync step 1/2) and resends them with their dependencies.
 * Items that Yjs itself would garbage-collect on arrival (their neighbour or parent is GC) have
 * no effect and touch nothing. The whole update is authorized or refused: never half-applied.
 */
import * as Y from 'yjs';
import { CollabError, ROW_COLLECTIONS, SHARED_SECTION, parseRootName, type RootInfo, type SectionName } from './schema';
import { UpdateResolver, type Location } from './update-resolver';

/** An update's `paths` list at most this many; a scope holding this many may have lost some. */
export const MAX_SCOPE_PATHS = 50;

export interface UpdateScope {
  /** 'shared' | `dept:${id}` */
  sections: Set<SectionName>;
  /** some reference could not be resolved (missing dependency): treat as unauthorized */
  unknown: boolean;
  /** why the update does not fit the document schema (root names, container kinds, subdocuments) */
  invalid: string[];
  /**
   * what it touched, for the edit log: root types (`shared/narrative`), keys of the shared map
   * (`shared.title`) and fields of existing rows (`dept:power/costLines/<row id>.unitCostFen`)
   */
  paths: Set<string>;
}

/** A readable path for a location: root, root key, or row field of an existing row. */
export function pathOf(location: Extract<Location, { status: 'ok' }>): string {
  const { parent, parentSub, rootName } = location;
  if (parent.kind === 'type') {
    const rowItem = parent.type._item;
    if (rowItem === null) return parentSub ? `${rootName}.${parentSub}` : rootName;
    if (parent.type instanceof Y.Map) {
      const key = parent.type.get('id') ?? parent.type.get('level');
      if (typeof key === 'string') return `${rootName}/${key}${parentSub ? `.${parentSub}` : ''}`;
    }
    return rootName;
  }
  if (parent.kind === 'root' && parentSub) return `${rootName}.${parentSub}`;
  return rootName;
}

/**
 * Which root types a kind of document holds: the package schema (schema.ts) by default; other
 * documents (meeting minutes) name their own roots, each mapped to a section for write rights.
 */
export interface DocumentSchema {
  readonly name: string;
  parseRootName(name: string): RootInfo | null;
}

export const PACKAGE_SCHEMA: DocumentSchema = { name: 'package', parseRootName };

function isRowCollection(part: string): boolean {
  return (ROW_COLLECTIONS as readonly string[]).includes(part);
}

/** Check where an inserted item goes against the kind of its root container. */
function schemaProblem(location: Extract<Location, { status: 'ok' }>, item: Y.Item, schema: DocumentSchema): string | null {
  const info = schema.parseRootName(location.rootName);
  if (!info) return `root type "${location.rootName}" is not part of the ${schema.name} schema`;
  const atRoot = location.parent.kind === 'root' || (location.parent.kind === 'type' && location.parent.type._item === null);
  if (item.content instanceof Y.ContentDoc) return 'subdocuments are not allowed';
  if (!atRoot) return null;
  if (info.kind === 'map' && location.parentSub === null) return `${location.rootName} is a map`;
  if (info.kind !== 'map' && location.parentSub !== null) return `${location.rootName} is not a map`;
  const content = item.content;
  if (content instanceof Y.ContentDeleted) return null;
  if (info.kind === 'array' && isRowCollection(info.part)) {
    return content instanceof Y.ContentType && content.type instanceof Y.Map ? null : `${location.rootName} holds rows (maps) only`;
  }
  if (info.kind === 'text') {
    const textual = content instanceof Y.ContentString || content instanceof Y.ContentFormat || content instanceof Y.ContentEmbed;
    return textual ? null : `${location.rootName} holds text only`;
  }
  return content instanceof Y.ContentAny ? null : `${location.rootName} holds plain values only`;
}

export function scopeOfUpdate(resolver: UpdateResolver, schema: DocumentSchema = PACKAGE_SCHEMA): UpdateScope {
  const sections = new Set<SectionName>();
  const paths = new Set<string>();
  const invalid = new Set<string>();
  let unknown = resolver.gap;
  const add = (location: Location, item: Y.Item | null) => {
    if (location.status === 'unknown') unknown = true;
    if (location.status !== 'ok') return;
    const info = schema.parseRootName(location.rootName);
    if (info) sections.add(info.section);
    if (paths.size < MAX_SCOPE_PATHS) paths.add(pathOf(location));
    const problem = item ? schemaProblem(location, item, schema) : info ? null : `root type "${location.rootName}" is not part of the ${schema.name} schema`;
    if (problem) invalid.add(problem);
  };
  for (const item of resolver.effectiveItems()) {
    add(resolver.locate(item), item);
    const overlap = resolver.overlapLocation(item);
    if (overlap) add(overlap, null);
  }
  const deletions = resolver.deletions();
  if (deletions.unknown) unknown = true;
  for (const { item, where } of deletions.targets) {
    if (where === 'update') add(resolver.locate(item), null);
    else if (item.parent instanceof Y.AbstractType) add(resolver.locationInType(item.parent, item.parentSub), null);
    else unknown = true;
  }
  return { sections, unknown, invalid: [...invalid], paths };
}

function decode(doc: Y.Doc, update: Uint8Array): UpdateResolver {
  try {
    return new UpdateResolver(doc, update);
  } catch (error) {
    throw new CollabError(`malformed update: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Throws CollabError when the update cannot be decoded. */
export function analyzeUpdateScope(doc: Y.Doc, update: Uint8Array, schema: DocumentSchema = PACKAGE_SCHEMA): UpdateScope {
  return scopeOfUpdate(decode(doc, update), schema);
}

export interface WriteRights {
  /** may write the shared part (title, texts, KPIs, split, shared lines, …) */
  writeShared: boolean;
  /** department sections this user may write */
  writeDepartments: 'all' | ReadonlySet<string>;
}

export type AuthorizationRefusal = 'malformed' | 'unresolved' | 'invalid' | 'forbidden';

export type AuthorizationResult =
  | { ok: true; sections: Set<SectionName>; paths: Set<string> }
  | { ok: false; code: AuthorizationRefusal; reason: string; sections: Set<SectionName> };

export function mayWrite(rights: WriteRights, section: SectionName): boolean {
  if (section === SHARED_SECTION) return rights.writeShared;
  return rights.writeDepartments === 'all' || rights.writeDepartments.has(section.slice('dept:'.length));
}

/** The verdict for an analysed update. */
export function verdictOf(scope: UpdateScope, rights: WriteRights): AuthorizationResult {
  const { sections } = scope;
  if (scope.unknown) {
    return { ok: false, code: 'unresolved', reason: 'the update depends on changes the server does not have; resync and retry', sections };
  }
  if (scope.invalid.length > 0) return { ok: false, code: 'invalid', reason: scope.invalid.join('; '), sections };
  const forbidden = [...sections].filter((s) => !mayWrite(rights, s)).sort();
  if (forbidden.length > 0) {
    return { ok: false, code: 'forbidden', reason: `no right to write ${forbidden.join(', ')}`, sections };
  }
  return { ok: true, sections, paths: scope.paths };
}

export function malformedVerdict(error: unknown): AuthorizationResult {
  return { ok: false, code: 'malformed', reason: error instanceof Error ? error.message : 'malformed update', sections: new Set() };
}

/** Decide, before merging, whether this user may apply this update. Never throws. */
export function authorizeUpdate(doc: Y.Doc, update: Uint8Array, rights: WriteRights): AuthorizationResult {
  let scope: UpdateScope;
  try {
    scope = analyzeUpdateScope(doc, update);
  } catch (error) {
    return malformedVerdict(error);
  }
  return verdictOf(scope, rights);
}
