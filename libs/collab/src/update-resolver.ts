/**
 * Locating the structs of an incoming (v1) update against the server's document, without
 * applying it. Mirrors what Yjs itself does when it integrates an item (`Item.getMissing` in
 * yjs/src/structs/Item.js, 13.6):
 *
 * - `Y.decodeUpdate` yields Items whose `parent` is a root type NAME (string) or the ID of the
 *   item holding a nested type (`ContentType`), and whose `parentSub` is the map key — but both
 *   are only encoded when the item has neither `origin` nor `rightOrigin`. Otherwise Yjs copies
 *   parent and parentSub from the left item (the one containing `origin`), or from the right
 *   one (`rightOrigin`).
 * - If the left or right item is garbage collected (GC), or `parent` points to a GC'd item or
 *   to an item whose content is no longer a type, Yjs turns the new item into GC: no effect.
 * - A referenced ID that is neither in the server document nor earlier in the same update is a
 *   missing dependency: Yjs would park the update as pending and integrate it later, when we
 *   could no longer tell what it touches. Such references are reported as `unknown`.
 * - Structs the server already has (clock below its state vector) are skipped by Yjs; so are
 *   they here. A struct beyond a gap in its client's clocks is pending too (`gap`).
 * References are looked up in the server store first (`doc.store.clients`, `Y.findIndexSS`),
 * then among the update's own structs. Chains are followed iteratively (no recursion limit).
 */
import * as Y from 'yjs';
import type { AnyType } from './schema';

type Struct = Y.Item | Y.GC | Y.Skip;

export interface Found {
  where: 'server' | 'update';
  struct: Y.Item | Y.GC;
}

export type ParentRef =
  /** an existing type of the server document */
  | { kind: 'type'; type: AnyType }
  /** a root type the server document does not have yet */
  | { kind: 'root'; name: string }
  /** a nested type created by this update: the update item holding its ContentType */
  | { kind: 'new'; item: Y.Item };

export type Location =
  | { status: 'ok'; parent: ParentRef; parentSub: string | null; rootName: string; deletedAncestor: Y.Item | null }
  /** Yjs will turn the struct into GC; `lostIn` is the deleted server item it was meant for, when known */
  | { status: 'garbage'; lostIn: Y.Item | null }
  | { status: 'unknown'; missing: Y.ID | null };

type Step = { final: Location } | { dependsOn: Y.Item; combine: (dep: Location) => Location };

export interface DeletedTarget {
  item: Y.Item;
  where: 'server' | 'update';
}

function isItem(s: Struct | undefined): s is Y.Item {
  return s instanceof Y.Item;
}

function structEnd(s: Struct): number {
  return s.id.clock + s.length;
}

/** index of the first struct (sorted by clock) that ends after `clock` */
function firstEndingAfter(list: readonly Struct[], clock: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (structEnd(list[mid] as Struct) <= clock) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class UpdateResolver {
  readonly structs: Struct[];
  readonly ds: ReturnType<typeof Y.decodeUpdate>['ds'];
  /** the update's structs per client, sorted by clock */
  private readonly byClient = new Map<number, Struct[]>();
  private readonly memo = new Map<Y.Item, Location>();
  private rootNames: Map<AnyType, string> | null = null;
  /** true when the update (or the server document) depends on something that is not there */
  readonly gap: boolean;

  constructor(
    readonly doc: Y.Doc,
    update: Uint8Array,
  ) {
    const decoded = Y.decodeUpdate(update);
    this.structs = decoded.structs;
    this.ds = decoded.ds;
    for (const s of this.structs) {
      let list = this.byClient.get(s.id.client);
      if (!list) this.byClient.set(s.id.client, (list = []));
      list.push(s);
    }
    let gap = doc.store.pendingStructs !== null || doc.store.pendingDs !== null;
    for (const [client, list] of this.byClient) {
      list.sort((a, b) => a.id.clock - b.id.clock);
      let covered = this.serverState(client);
      for (const s of list) {
        if (s instanceof Y.Skip) continue;
        if (s.id.clock > covered) gap = true;
        covered = Math.max(covered, structEnd(s));
      }
    }
    this.gap = gap;
  }

  serverState(client: number): number {
    return Y.getState(this.doc.store, client);
  }

  /** Whether the server has none of the update's structs, not even in part (then the update is its own diff against the server). */
  allNew(): boolean {
    return this.structs.every((s) => s.id.clock >= this.serverState(s.id.client));
  }

  /** Items of the update that Yjs would integrate (at least partly new to the server). */
  effectiveItems(): Y.Item[] {
    return this.structs.filter((s): s is Y.Item => isItem(s) && structEnd(s) > this.serverState(s.id.client));
  }

  /**
   * For an item the server already has in part (it starts below the server's state), Yjs
   * integrates only the new tail and links it after the server's item at (client, state − 1),
   * whatever the item's own origin says. That item's location (or unknown if it is GC).
   */
  overlapLocation(item: Y.Item): Location | null {
    const state = this.serverState(item.id.client);
    if (item.id.clock >= state) return null;
    const found = this.find(Y.createID(item.id.client, state - 1));
    if (!found || found.where !== 'server' || !isItem(found.struct) || !(found.struct.parent instanceof Y.AbstractType)) {
      return { status: 'unknown', missing: null };
    }
    return this.locationInType(found.struct.parent, found.struct.parentSub);
  }

  find(id: Y.ID): Found | null {
    const serverStructs = this.doc.store.clients.get(id.client);
    if (serverStructs && id.clock < this.serverState(id.client)) {
      const struct = serverStructs[Y.findIndexSS(serverStructs, id.clock)];
      return struct ? { where: 'server', struct } : null;
    }
    const list = this.byClient.get(id.client);
    if (!list) return null;
    let lo = 0;
    let hi = list.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = list[mid] as Struct;
      if (id.clock < s.id.clock) hi = mid - 1;
      else if (id.clock >= structEnd(s)) lo = mid + 1;
      else return s instanceof Y.Skip ? null : { where: 'update', struct: s };
    }
    return null;
  }

  /** Root type name of a type of the server document (null when detached). */
  rootNameOfType(type: AnyType): string | null {
    let t: AnyType = type;
    for (;;) {
      const item = t._item;
      if (item === null) break;
      if (!(item.parent instanceof Y.AbstractType)) return null;
      t = item.parent;
    }
    if (this.rootNames === null) {
      this.rootNames = new Map();
      for (const [name, root] of this.doc.share) this.rootNames.set(root, name);
    }
    return this.rootNames.get(t) ?? null;
  }

  /** The closest deleted item among the items holding this type and its ancestors. */
  deletedAncestorOfType(type: AnyType): Y.Item | null {
    let item = type._item;
    while (item !== null) {
      if (item.deleted) return item;
      item = item.parent instanceof Y.AbstractType ? item.parent._item : null;
    }
    return null;
  }

  locationInType(type: AnyType, parentSub: string | null): Location {
    const rootName = this.rootNameOfType(type);
    if (rootName === null) return { status: 'unknown', missing: null };
    return { status: 'ok', parent: { kind: 'type', type }, parentSub, rootName, deletedAncestor: this.deletedAncestorOfType(type) };
  }

  /** Where an update item would be integrated. */
  locate(item: Y.Item): Location {
    const known = this.memo.get(item);
    if (known) return known;
    const stack: Y.Item[] = [item];
    const onStack = new Set<Y.Item>([item]);
    while (stack.length > 0) {
      const current = stack[stack.length - 1] as Y.Item;
      const step = this.step(current);
      if ('final' in step) {
        this.memo.set(current, step.final);
      } else {
        const dep = this.memo.get(step.dependsOn);
        if (dep) {
          this.memo.set(current, step.combine(dep));
        } else if (onStack.has(step.dependsOn)) {
          this.memo.set(current, { status: 'unknown', missing: step.dependsOn.id }); // a cycle: Yjs could never integrate it
        } else {
          stack.push(step.dependsOn);
          onStack.add(step.dependsOn);
          continue;
        }
      }
      stack.pop();
      onStack.delete(current);
    }
    return this.memo.get(item) as Location;
  }

  private step(item: Y.Item): Step {
    let left: Found | null = null;
    let right: Found | null = null;
    if (item.origin) {
      left = this.find(item.origin);
      if (!left) return { final: { status: 'unknown', missing: item.origin } };
    }
    if (item.rightOrigin) {
      right = this.find(item.rightOrigin);
      if (!right) return { final: { status: 'unknown', missing: item.rightOrigin } };
    }
    if (left?.struct instanceof Y.GC || right?.struct instanceof Y.GC) return { final: { status: 'garbage', lostIn: null } };
    const parent = item.parent as unknown;
    if (parent === null) {
      const neighbour = left ?? right;
      if (!neighbour || !isItem(neighbour.struct)) return { final: { status: 'garbage', lostIn: null } };
      const n = neighbour.struct;
      if (neighbour.where === 'server') {
        if (!(n.parent instanceof Y.AbstractType)) return { final: { status: 'unknown', missing: n.id } };
        return { final: this.locationInType(n.parent, n.parentSub) };
      }
      return { dependsOn: n, combine: (dep) => dep };
    }
    if (typeof parent === 'string') {
      const existing = this.doc.share.get(parent);
      if (existing) return { final: this.locationInType(existing, item.parentSub) };
      return { final: { status: 'ok', parent: { kind: 'root', name: parent }, parentSub: item.parentSub, rootName: parent, deletedAncestor: null } };
    }
    if (parent instanceof Y.ID) {
      const holder = this.find(parent);
      if (!holder) return { final: { status: 'unknown', missing: parent } };
      if (!isItem(holder.struct)) return { final: { status: 'garbage', lostIn: null } };
      const h = holder.struct;
      if (!(h.content instanceof Y.ContentType)) return { final: { status: 'garbage', lostIn: h.deleted ? h : null } };
      if (holder.where === 'server') return { final: this.locationInType(h.content.type, item.parentSub) };
      const parentSub = item.parentSub;
      return {
        dependsOn: h,
        combine: (dep) =>
          dep.status === 'ok'
            ? { status: 'ok', parent: { kind: 'new', item: h }, parentSub, rootName: dep.rootName, deletedAncestor: dep.deletedAncestor }
            : dep,
      };
    }
    return { final: { status: 'unknown', missing: null } };
  }

  /**
   * Items the update's delete set would delete (not already deleted), and whether some deleted
   * range is neither in the server document nor in the update (Yjs would keep it pending and
   * apply it to whatever arrives later).
   */
  deletions(): { targets: DeletedTarget[]; unknown: boolean } {
    const targets: DeletedTarget[] = [];
    let unknown = false;
    for (const [client, ranges] of this.ds.clients) {
      const state = this.serverState(client);
      const serverStructs = this.doc.store.clients.get(client);
      for (const { clock, len } of ranges) {
        const end = clock + len;
        if (serverStructs && clock < state) {
          for (let i = Y.findIndexSS(serverStructs, clock); i < serverStructs.length; i++) {
            const s = serverStructs[i] as Y.Item | Y.GC;
            if (s.id.clock >= Math.min(end, state)) break;
            if (isItem(s) && !s.deleted) targets.push({ item: s, where: 'server' });
          }
        }
        if (end > state) {
          let pos = Math.max(clock, state);
          const list = this.byClient.get(client) ?? [];
          for (let i = firstEndingAfter(list, pos); i < list.length && pos < end; i++) {
            const s = list[i] as Struct;
            if (s.id.clock > pos || s instanceof Y.Skip) break;
            if (isItem(s)) targets.push({ item: s, where: 'update' });
            pos = Math.max(pos, structEnd(s));
          }
          if (pos < end) unknown = true;
        }
      }
    }
    return { targets, unknown };
  }
}
