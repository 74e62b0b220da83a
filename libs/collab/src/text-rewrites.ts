/**
 * Concurrent rewrites of the same text (purpose, narrative, consequences, department notes).
 *
 * Yjs merges two people's rewrites of one passage by keeping both insertions side by side: each
 * person's new wording survives, glued together, and neither is told. We surface this as a
 * concurrent overwrite of the text field, with both intended texts, found from the update's
 * structure against the server's document (no timing):
 *
 * - A rewrite is an update that deletes text of a field and inserts into it. It RACED another
 *   rewrite when it deletes characters the server already has deleted (both people removed the
 *   same words), or when another client's live characters sit between the recorded neighbours
 *   of one of its inserted runs (`origin`, `rightOrigin`): everything the writer saw between
 *   those two was deleted in its replica, so such characters were added concurrently.
 * - The characters the writer never saw are other clients' live characters, not deleted by the
 *   update, inside the region it rewrote (from the first to the last character it deleted or
 *   anchored a run to, widened over deleted text and over such characters), typed in runs that
 *   began after anything of that client the update refers to (a run: characters typed one after
 *   the other, linked by Yjs through `origin`).
 * Two people adding at the same place without deleting anything, or editing different places
 * of one text, merge as Yjs merges them: no conflict.
 *
 * The writer's intended text is the merged text without the characters it never saw; it is only
 * known after the merge (`textWithout`). The displaced value is the server's text before it.
 * Characters the writer kept but the other side deleted concurrently are put back where they
 * touch the writer's new text (its runs' neighbours); elsewhere they stay missing from the
 * writer's text (an update does not say which deletions its writer had seen). The people
 * resolving see both texts and may enter another.
 */
import * as Y from 'yjs';
import { parseRootName, type AnyType } from './schema';
import type { ConcurrentOverwrite } from './conflicts';
import type { UpdateResolver } from './update-resolver';

/** A run of Yjs ids: `length` clocks of `client` from `clock`. */
export interface IdRange {
  client: number;
  clock: number;
  length: number;
}

/** A deleted character the writer had kept, with its content. */
export interface KeptChar {
  client: number;
  clock: number;
  char: string;
}

/**
 * The content of text characters recently deleted on the server. The server's document drops
 * deleted text (gc on), yet a rewrite that raced a deletion needs the characters its writer kept:
 * call `remember` with each incoming update before it is applied. Bounded (oldest dropped first).
 */
export class DeletedTextMemory {
  private readonly chars = new Map<string, string>();

  constructor(private readonly capacity = 100_000) {}

  get size(): number {
    return this.chars.size;
  }

  charAt(client: number, clock: number): string | undefined {
    return this.chars.get(`${client}:${clock}`);
  }

  /** Keeps the live text characters of root texts the update deletes. */
  remember(resolver: UpdateResolver): void {
    if (resolver.ds.clients.size === 0) return;
    for (const { item, where } of resolver.deletions().targets) {
      if (where !== 'server' || item.deleted || !(item.content instanceof Y.ContentString)) continue;
      if (!isRootText(resolver, item.parent)) continue;
      const str = item.content.str;
      for (let k = 0; k < str.length; k++) {
        if (!deletedBy(resolver.ds, item.id.client, item.id.clock + k)) continue;
        this.chars.set(`${item.id.client}:${item.id.clock + k}`, str[k]!);
      }
    }
    for (const key of this.chars.keys()) {
      if (this.chars.size <= this.capacity) break;
      this.chars.delete(key);
    }
  }
}

type DeleteSet = UpdateResolver['ds'];

/** How far a gap walk goes before giving up (a pathological document). */
const MAX_WALK = 200_000;

/**
 * A root text of the package (by its name: a root the server has not asked for by type yet is a
 * plain AbstractType, not a Y.Text, until someone calls getText).
 */
function isRootText(resolver: UpdateResolver, type: unknown): type is AnyType {
  if (!(type instanceof Y.AbstractType) || type._item !== null) return false;
  const name = resolver.rootNameOfType(type);
  return name !== null && parseRootName(name)?.kind === 'text';
}

function deletedBy(ds: DeleteSet, client: number, clock: number): boolean {
  const ranges = ds.clients.get(client);
  if (!ranges) return false;
  for (const r of ranges) if (clock >= r.clock && clock < r.clock + r.len) return true;
  return false;
}

/** The index of the first struct that ends after `clock` (structs sorted by clock). */
function firstEndingAfter(structs: readonly (Y.Item | Y.GC)[], clock: number): number {
  let lo = 0;
  let hi = structs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const s = structs[mid]!;
    if (s.id.clock + s.length <= clock) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function addRange(ranges: IdRange[], client: number, clock: number): void {
  const last = ranges[ranges.length - 1];
  if (last && last.client === client && last.clock + last.length === clock) last.length++;
  else ranges.push({ client, clock, length: 1 });
}

function maxClock(refs: Map<number, number>, client: number, clock: number): void {
  if (clock > (refs.get(client) ?? -1)) refs.set(client, clock);
}

/**
 * The first clock of the insertion run an item belongs to: Yjs links a character typed right
 * after its own previous one (same client, clock − 1) through `origin`, also across splits.
 * (Yjs records the same link when its author deleted the previous character and typed on, so
 * a link through a character the update deletes starts a new run.)
 */
function runHeadClock(item: Y.Item, resolver: UpdateResolver): number {
  let cur = item;
  for (let steps = 0; steps < MAX_WALK; steps++) {
    const origin = cur.origin;
    if (!origin || origin.client !== cur.id.client || origin.clock !== cur.id.clock - 1) break;
    // continuing after a character the writer deleted (its author deleted it and typed on, or
    // typed a new run there): treat as a new run, the writer cannot have seen it continue
    if (deletedBy(resolver.ds, origin.client, origin.clock)) break;
    const left = resolver.find(origin);
    if (!left || left.where !== 'server' || !(left.struct instanceof Y.Item)) break;
    cur = left.struct;
  }
  return cur.id.clock;
}

/** What one update does to one root text of the server's document. */
function rewriteOf(text: AnyType, runs: readonly Y.Item[], resolver: UpdateResolver, memory: DeletedTextMemory | null): { unseen: IdRange[]; kept: KeptChar[] } | null {
  const ds = resolver.ds;
  // a rewrite deletes: without a deletion in the update there is none (and no walk over the whole text)
  if (![...ds.clients.values()].some((ranges) => ranges.length > 0)) return null;
  const writer = runs[0]!.id.client;
  // the highest clock of each client the update refers to in this text: what the writer saw of it
  const refs = new Map<number, number>();
  for (const run of runs) {
    if (run.origin) maxClock(refs, run.origin.client, run.origin.clock);
    if (run.rightOrigin) maxClock(refs, run.rightOrigin.client, run.rightOrigin.clock);
  }
  // the text's characters the update deletes or anchors a run to, found in the store (not by walking the text)
  const marked = new Set<Y.Item>();
  let deletes = false;
  let doubleDelete = false;
  const inText = (s: Y.Item | Y.GC | undefined): s is Y.Item => s instanceof Y.Item && s.parent === text && s.parentSub === null;
  for (const [client, ranges] of ds.clients) {
    const structs = resolver.doc.store.clients.get(client);
    if (!structs) continue;
    for (const r of ranges) {
      for (let i = firstEndingAfter(structs, r.clock); i < structs.length && structs[i]!.id.clock < r.clock + r.len; i++) {
        const item = structs[i];
        if (!inText(item) || marked.has(item)) continue;
        marked.add(item);
        deletes = true;
        if (item.deleted) doubleDelete = true;
        for (const range of ranges) {
          const end = Math.min(range.clock + range.len, item.id.clock + item.length) - 1;
          if (end >= item.id.clock) maxClock(refs, item.id.client, end);
        }
      }
    }
  }
  if (!deletes) return null;
  for (const run of runs) {
    for (const id of [run.origin, run.rightOrigin]) {
      const found = id ? resolver.find(id) : null;
      if (found?.where === 'server' && inText(found.struct)) marked.add(found.struct);
    }
  }
  // the leftmost and rightmost of them: walk out from one of them until all are passed
  const first = marked.values().next().value as Y.Item;
  let lo = first;
  let hi = first;
  let seen = 1;
  let left = first.left;
  let right = first.right;
  for (let steps = 0; seen < marked.size && (left || right) && steps < MAX_WALK; steps++) {
    if (left) {
      if (marked.has(left)) {
        seen++;
        lo = left;
      }
      left = left.left;
    }
    if (right) {
      if (marked.has(right)) {
        seen++;
        hi = right;
      }
      right = right.right;
    }
  }
  const unseenChars = (item: Y.Item): number[] => {
    if (item.id.client === writer || item.deleted || !(item.content instanceof Y.ContentString)) return [];
    if (runHeadClock(item, resolver) <= (refs.get(item.id.client) ?? -1)) return [];
    const out: number[] = [];
    for (let k = 0; k < item.length; k++) {
      const clock = item.id.clock + k;
      if (!deletedBy(ds, item.id.client, clock)) out.push(clock);
    }
    return out;
  };
  const widens = (item: Y.Item) => item.deleted || unseenChars(item).length > 0;
  while (lo.left && widens(lo.left)) lo = lo.left;
  while (hi.right && widens(hi.right)) hi = hi.right;
  const unseen: IdRange[] = [];
  for (let item: Y.Item | null = lo; item; item = item === hi ? null : item.right) {
    for (const clock of unseenChars(item)) addRange(unseen, item.id.client, clock);
  }
  if (unseen.length === 0) return null;
  if (!doubleDelete) {
    // no shared deletion: only characters added right where the writer typed count
    const inGap: IdRange[] = [];
    for (const run of runs) unseenInGap(text, run, resolver, inGap);
    if (inGap.length === 0) return null;
  }
  const kept: KeptChar[] = [];
  if (memory) for (const run of runs) keptAround(run, resolver, writer, memory, kept);
  return { unseen, kept };
}

/**
 * Characters next to a run's recorded neighbours that the writer had and kept (it typed right
 * beside them and did not delete them) but that the server has deleted: another side removed
 * them concurrently. Walks left from `origin` and right from `rightOrigin` over such characters.
 */
function keptAround(run: Y.Item, resolver: UpdateResolver, writer: number, memory: DeletedTextMemory, out: KeptChar[]): void {
  const ds = resolver.ds;
  const found: KeptChar[] = [];
  const visit = (item: Y.Item, clock: number, collected: boolean): 'skip' | 'keep' | 'stop' => {
    if (!(item.content instanceof Y.ContentString || item.content instanceof Y.ContentDeleted)) return 'skip';
    if (deletedBy(ds, item.id.client, clock)) return collected ? 'stop' : 'skip'; // the writer's own deletion: transparent
    if (!item.deleted || item.id.client === writer) return 'stop'; // live, or removed by the writer before
    return memory.charAt(item.id.client, clock) === undefined ? 'stop' : 'keep';
  };
  const walk = (start: Y.ID | null, leftwards: boolean) => {
    if (!start) return;
    const hit = resolver.find(start);
    if (!hit || hit.where !== 'server' || !(hit.struct instanceof Y.Item)) return;
    let item: Y.Item | null = hit.struct;
    let k = start.clock - item.id.clock;
    let collected = false;
    for (let steps = 0; item && steps < MAX_WALK; steps++) {
      for (; k >= 0 && k < item.length; k += leftwards ? -1 : 1) {
        const verdict = visit(item, item.id.clock + k, collected);
        if (verdict === 'stop') return;
        if (verdict === 'keep') {
          collected = true;
          found.push({ client: item.id.client, clock: item.id.clock + k, char: memory.charAt(item.id.client, item.id.clock + k)! });
        }
      }
      item = leftwards ? item.left : item.right;
      if (item) k = leftwards ? item.length - 1 : 0;
    }
  };
  walk(run.origin, true);
  walk(run.rightOrigin, false);
  out.push(...found);
}

/** Live characters of other clients between a run's recorded neighbours, not deleted by the update. */
function unseenInGap(text: AnyType, head: Y.Item, resolver: UpdateResolver, out: IdRange[]): void {
  let cur: Y.Item | null;
  let offset = 0;
  if (head.origin) {
    const left = resolver.find(head.origin);
    if (!left || left.where !== 'server' || !(left.struct instanceof Y.Item)) return;
    cur = left.struct;
    offset = head.origin.clock - left.struct.id.clock + 1;
  } else {
    cur = text._start;
  }
  let stop: Y.Item | null = null;
  if (head.rightOrigin) {
    const right = resolver.find(head.rightOrigin);
    if (!right || right.where !== 'server' || !(right.struct instanceof Y.Item)) return;
    stop = right.struct;
  }
  const writer = head.id.client;
  for (let steps = 0; cur && steps < MAX_WALK; cur = cur.right, offset = 0, steps++) {
    const atStop = cur === stop;
    const end = atStop && head.rightOrigin ? head.rightOrigin.clock - cur.id.clock : cur.length;
    if (cur.id.client !== writer && !cur.deleted && cur.content instanceof Y.ContentString) {
      for (let k = offset; k < end; k++) {
        if (!deletedBy(resolver.ds, cur.id.client, cur.id.clock + k)) addRange(out, cur.id.client, cur.id.clock + k);
      }
    }
    if (atStop) break;
  }
}

/**
 * Rewrites an incoming update makes of root texts that another client rewrote concurrently,
 * as concurrent overwrites whose `incoming.value` is still unknown (null) and whose `unseen`
 * lists the characters the writer never saw. Call before the update is applied.
 */
export function textRewritesOfUpdate(resolver: UpdateResolver, memory: DeletedTextMemory | null = null): ConcurrentOverwrite[] {
  const heads = new Map<AnyType, Y.Item[]>();
  for (const item of resolver.effectiveItems()) {
    if (item.id.clock < resolver.serverState(item.id.client)) continue; // partly known: not a fresh run
    if (!(item.content instanceof Y.ContentString)) continue;
    if (item.origin) {
      const left = resolver.find(item.origin);
      if (left?.where === 'update') continue; // continues a run of the update
    }
    const location = resolver.locate(item);
    if (location.status !== 'ok' || location.deletedAncestor || location.parent.kind !== 'type' || location.parentSub !== null) continue;
    const type = location.parent.type;
    if (!isRootText(resolver, type)) continue;
    const list = heads.get(type) ?? [];
    list.push(item);
    heads.set(type, list);
  }
  const out: ConcurrentOverwrite[] = [];
  for (const [text, runs] of heads) {
    const rewrite = rewriteOf(text, runs, resolver, memory);
    if (!rewrite) continue;
    const { unseen, kept } = rewrite;
    const name = resolver.rootNameOfType(text);
    const info = name === null ? null : parseRootName(name);
    if (!info || info.kind !== 'text') continue;
    const path = { section: info.section, collection: null, rowId: null, field: info.part };
    out.push({
      kind: 'concurrentOverwrite',
      key: `overwrite:${path.section}//${path.field}`,
      path,
      previous: { value: text.toString(), clientId: unseen[0]!.client },
      incoming: { value: null, clientId: runs[0]!.id.client },
      unseen,
      kept,
    });
  }
  return out;
}

function inRanges(ranges: readonly IdRange[], client: number, clock: number): boolean {
  return ranges.some((r) => r.client === client && clock >= r.clock && clock < r.clock + r.length);
}

/**
 * What the writer meant: the text without the characters it never saw (`unseen`), with the
 * deleted characters it had kept (`kept`, with their content).
 */
export function textWithout(text: Y.Text, unseen: readonly IdRange[], kept: readonly KeptChar[] = []): string {
  const keptAt = new Map(kept.map((c) => [`${c.client}:${c.clock}`, c.char]));
  let out = '';
  for (let cur = text._start; cur; cur = cur.right) {
    const client = cur.id.client;
    if (cur.deleted) {
      if (keptAt.size === 0 || !kept.some((c) => c.client === client)) continue;
      for (let k = 0; k < cur.length; k++) out += keptAt.get(`${client}:${cur.id.clock + k}`) ?? '';
      continue;
    }
    if (!(cur.content instanceof Y.ContentString)) continue;
    const str = cur.content.str;
    if (!unseen.some((r) => r.client === client)) {
      out += str;
      continue;
    }
    for (let k = 0; k < str.length; k++) if (!inRanges(unseen, client, cur.id.clock + k)) out += str[k];
  }
  return out;
}
