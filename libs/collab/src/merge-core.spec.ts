/**
 * The merge core under seeded random editing, in the style of Yjs's own tests: liaisons of
 * different departments, a coordinator and an observer edit at random (some edits outside their
 * rights), messages are delivered in random order per link, clients disconnect and reconnect
 * with stale state, updates are delivered twice, and the store fails for a while and recovers
 * (the server then drops the document and reloads it from the store, as the api does).
 * After every run: every client and the server hold the same document; no refused change
 * reached anyone; nothing was relayed before it was stored; every accepted change is in the store exactly once; a reload from the store
 * equals the live document.
 * `ZB_SOAK_SEED` (first seed) and `ZB_SOAK_RUNS` (how many) run a longer soak.
 */
import { describe, expect, it } from 'vitest';
import * as prng from 'lib0/prng';
import * as Y from 'yjs';
import { MergeCore, type AcceptedChange, type MergeAuthor, type MergeResult } from './merge-core';
import { createPackageDoc } from './package-doc';
import { populateDocument } from './populate';
import { projectSnapshot } from './projection';
import { addCostLine } from './row-access';
import { departmentSection, parseRootName, type AnyType } from './schema';
import { setTitle } from './shared-fields';
import { renovationPackage } from './testing/fixtures';
import { DEPARTMENTS, randomEdit } from './testing/random-edit';
import { admitUpdate, sectionRights } from './merge-core';
import type { WriteRights } from './update-scope';

/** the test runner's timer (libs/collab is typed without Node's or the DOM's globals) */
declare const setTimeout: (callback: () => void, ms: number) => unknown;

interface Author extends MergeAuthor {
  name: string;
}

interface Client {
  author: Author;
  department: string | null;
  doc: Y.Doc;
  counter: number;
  connected: boolean;
  /** counts connections, so a late answer to an old one is ignored */
  epoch: number;
  /** updates made locally, not yet sent */
  outbox: Uint8Array[];
  /** relays and sync answers on their way to this client */
  inbox: Uint8Array[];
  /** everything this client ever sent (for redelivery) */
  sent: Uint8Array[];
}

/** An in-memory store whose appends complete when the test says so, and can fail. */
class TestStore {
  readonly log: Uint8Array[] = [];
  failing = false;
  private pending: { change: Uint8Array; resolve: () => void; reject: (e: Error) => void }[] = [];

  append(change: AcceptedChange<Author>): Promise<void> {
    return new Promise((resolve, reject) => this.pending.push({ change: change.change, resolve, reject }));
  }

  /** Completes every pending append: all stored, or (while failing) all refused, like one group commit. */
  commit(): void {
    const batch = this.pending.splice(0);
    for (const p of batch) {
      if (this.failing) p.reject(new Error('store unavailable'));
      else {
        this.log.push(p.change);
        p.resolve();
      }
    }
  }

  get waiting(): number {
    return this.pending.length;
  }
}

const FORBIDDEN = 'forbidden-';
/** Lets every pending promise chain run (the core and the test store use no timers). */
const settle = async () => {
  for (let i = 0; i < 100; i++) await Promise.resolve();
};

async function runScenario(seed: number, steps: number): Promise<{ refused: number; accepted: number; storeFailures: number }> {
  const gen = prng.create(seed);
  const store = new TestStore();
  const initial = createPackageDoc();
  populateDocument(initial, renovationPackage(), 'conversion');
  store.log.push(Y.encodeStateAsUpdate(initial));
  const committed = new Set<Uint8Array>();
  let refused = 0;
  let storeFailures = 0;

  const rights = (department: string | null, observer = false): WriteRights =>
    observer ? { writeShared: false, writeDepartments: new Set() } : department ? { writeShared: true, writeDepartments: new Set([department]) } : { writeShared: true, writeDepartments: 'all' };
  const clients: Client[] = [
    ...DEPARTMENTS.map((d) => ({ department: d, author: { name: d, rights: rights(d) } })),
    { department: null, author: { name: 'coordinator', rights: rights(null) } },
    { department: null, author: { name: 'observer', rights: rights(null, true) } },
  ].map(({ department, author }) => ({ author, department, doc: new Y.Doc(), counter: 0, connected: false, epoch: 0, outbox: [], inbox: [], sent: [] }));

  // the server: a core loaded from the store, replaced by a fresh one when the store fails
  let core!: MergeCore<Author, Client>;
  let generation = 0;
  const open = () => {
    const mine = ++generation;
    const next = new MergeCore<Author, Client>({
      authorizers: [sectionRights],
      store: {
        append: (change) => {
          // sound: every section the merge really changed was authorized (append follows the merge at once)
          for (const section of touched) expect(change.sections, `seed ${seed}: ${section}`).toContain(section);
          return store.append(change);
        },
      },
      relay: {
        relay: (change, except) => {
          if (mine !== generation) return; // a dropped document relays nothing
          // nothing unstored leaves the server
          expect(store.log.includes(change), `seed ${seed}: relayed before stored`).toBe(true);
          for (const c of clients) if (c.connected && c !== except) c.inbox.push(change);
        },
      },
      extensions: [
        {
          name: 'soundness',
          inspect: () => {
            touched = new Set();
          },
          committed: (change) => {
            committed.add(change.change);
          },
        },
      ],
      storeFailed: () => {
        if (mine !== generation) return;
        storeFailures++;
        // the api discards the document and closes its connections; clients reconnect later
        for (const c of clients) disconnect(c);
        open();
      },
    });
    next.load([...store.log]);
    observe(next.doc);
    core = next;
  };
  const disconnect = (c: Client) => {
    c.connected = false;
    c.inbox = [];
    c.outbox = [];
  };
  /** y-websocket's reconnect: the server's step 1 → the client's step 2 (what it has that the server lacks), then the server's step 2 */
  const connect = (c: Client) => {
    c.connected = true;
    c.epoch++;
    const missing = Y.encodeStateAsUpdate(c.doc, Y.encodeStateVector(core.doc));
    send(c, missing);
    void core.sync(Y.encodeStateVector(c.doc), (update) => {
      if (c.connected) c.inbox.push(update);
    });
  };
  /** A refused client throws its replica away and starts again from the server (the web client does). */
  const restart = (c: Client) => {
    disconnect(c);
    c.doc.destroy();
    c.doc = new Y.Doc();
    watch(c);
  };
  const watch = (c: Client) => {
    c.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== 'server' && c.connected) c.outbox.push(update);
    });
  };
  /** Sends an update; the answer comes later (a sync answer may wait for the store, as in the api). */
  const send = (c: Client, update: Uint8Array) => {
    c.sent.push(update);
    const epoch = c.epoch;
    void core.apply(update, c.author, c).then((result: MergeResult<Author>) => {
      if (result.status === 'unavailable' && c.epoch === epoch) disconnect(c);
      if (result.status !== 'refused' && result.status !== 'malformed') return;
      refused++;
      if (c.connected && c.epoch === epoch) restart(c);
    });
  };
  /** sections the last merge really changed, recorded while it runs */
  let touched = new Set<string>();
  const observe = (doc: Y.Doc) =>
    doc.on('afterTransaction', (tr: Y.Transaction) => {
      for (const type of tr.changed.keys()) {
        let root: AnyType = type;
        while (root._item !== null) root = root._item.parent as typeof root;
        for (const [name, t] of doc.share) if (t === root) touched.add(parseRootName(name)?.section ?? name);
      }
    });

  open();
  for (const c of clients) {
    watch(c);
    connect(c);
  }
  await settle();
  store.commit();
  await settle();

  for (let i = 0; i < steps; i++) {
    const c = prng.oneOf(gen, clients);
    const action = prng.int32(gen, 0, 99);
    if (action < 35) {
      if (c.author.name === 'observer') setTitle(c.doc, `${FORBIDDEN}title-${i}`);
      else if (c.department && prng.int32(gen, 0, 9) === 0) {
        // outside the liaison's rights: another department's section
        const other = DEPARTMENTS.find((d) => d !== c.department) as string;
        addCostLine(c.doc, departmentSection(other), { id: `${FORBIDDEN}${i}`, category: 'other', description: 'x', quantityMilli: 1000, unit: 'lot', unitCostFen: 1, year: 2025 });
      } else randomEdit(gen, c);
    } else if (action < 60) {
      const update = c.outbox.shift();
      if (update && c.connected) send(c, update);
    } else if (action < 80) {
      const update = c.inbox.shift();
      if (update) Y.applyUpdate(c.doc, update, 'server');
    } else if (action < 86) {
      store.commit();
    } else if (action < 90) {
      if (c.connected) disconnect(c);
      else connect(c);
    } else if (action < 93) {
      // a redelivered update: the core must not store or relay it again
      if (c.connected && c.sent.length) send(c, prng.oneOf(gen, c.sent));
    } else if (action < 95) {
      store.failing = !store.failing && prng.int32(gen, 0, 3) === 0;
    } else if (!c.connected) {
      connect(c);
    }
    await settle();
  }

  // recover and flush: the store works again, everyone reconnects and delivers everything
  store.failing = false;
  for (let round = 0; round < 50; round++) {
    for (const c of clients) if (!c.connected) connect(c);
    for (const c of clients) while (c.outbox.length && c.connected) send(c, c.outbox.shift() as Uint8Array);
    await settle();
    store.commit();
    await settle();
    for (const c of clients) while (c.inbox.length) Y.applyUpdate(c.doc, c.inbox.shift() as Uint8Array, 'server');
    const quiet = store.waiting === 0 && clients.every((c) => c.connected && c.inbox.length === 0 && c.outbox.length === 0);
    if (quiet) break;
  }

  // all converge with the server
  const expectedVector = Y.encodeStateVector(core.doc);
  const expected = projectSnapshot(core.doc, { departmentIds: DEPARTMENTS });
  for (const c of clients) {
    expect(Y.encodeStateVector(c.doc), `seed ${seed}: ${c.author.name}`).toEqual(expectedVector);
    expect(projectSnapshot(c.doc, { departmentIds: DEPARTMENTS }), `seed ${seed}: ${c.author.name}`).toEqual(expected);
  }
  // no refused change reached anyone
  const everything = JSON.stringify([...core.doc.share.keys()].map((name) => core.doc.get(name).toJSON())) + clients.map((c) => JSON.stringify(projectSnapshot(c.doc, { departmentIds: DEPARTMENTS }))).join('');
  expect(everything.includes(FORBIDDEN), `seed ${seed}`).toBe(false);
  // every accepted (committed) change is in the store exactly once, and the store holds nothing else
  const stored = store.log.slice(1);
  expect(new Set(stored).size).toBe(stored.length);
  expect(stored.length, `seed ${seed}`).toBe(committed.size);
  for (const u of stored) expect(committed.has(u)).toBe(true);
  // a reload from the store equals the live document
  const reloaded = createPackageDoc();
  Y.transact(reloaded, () => {
    for (const u of store.log) Y.applyUpdate(reloaded, u);
  });
  expect(Y.encodeStateVector(reloaded)).toEqual(expectedVector);
  expect(projectSnapshot(reloaded, { departmentIds: DEPARTMENTS })).toEqual(expected);
  for (const [name, type] of core.doc.share) {
    const same = reloaded.get(name, type.constructor as new () => Y.AbstractType<unknown>);
    expect(same.toJSON(), `seed ${seed}: ${name}`).toEqual(type.toJSON());
  }
  return { refused, accepted: committed.size, storeFailures };
}

const env = (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env ?? {};
const FIRST_SEED = Number(env['ZB_SOAK_SEED'] ?? 1);
const RUNS = Number(env['ZB_SOAK_RUNS'] ?? 6);

/** A populated package document, its state as stored, and the updates made to it from then on (the stored log). */
function storedWithLog(): { source: Y.Doc; snapshot: Uint8Array; tail: Uint8Array[] } {
  const source = createPackageDoc();
  populateDocument(source, renovationPackage(), 'conversion');
  const snapshot = Y.encodeStateAsUpdate(source);
  const tail: Uint8Array[] = [];
  source.on('update', (u: Uint8Array) => tail.push(u));
  return { source, snapshot, tail };
}

describe('MergeCore under seeded random editing', () => {
  it(`should converge, refuse cleanly and store every accepted change once (seeds ${FIRST_SEED}…${FIRST_SEED + RUNS - 1} × 300 steps)`, async () => {
    const totals = { refused: 0, accepted: 0, storeFailures: 0 };
    for (let seed = FIRST_SEED; seed < FIRST_SEED + RUNS; seed++) {
      const r = await runScenario(seed, 300);
      totals.refused += r.refused;
      totals.accepted += r.accepted;
      totals.storeFailures += r.storeFailures;
    }
    // the runs did exercise refusals and store failures, not only the happy path
    expect(totals.refused).toBeGreaterThan(0);
    expect(totals.storeFailures).toBeGreaterThan(0);
    expect(totals.accepted).toBeGreaterThan(RUNS * 10);
  }, 120_000);

  it('should answer an empty client from the stored bytes until the document changes', async () => {
    const store = new TestStore();
    const source = createPackageDoc();
    populateDocument(source, renovationPackage(), 'conversion');
    const stored = Y.encodeStateAsUpdate(source);
    const core = new MergeCore<Author>({ authorizers: [sectionRights], store, relay: { relay: () => undefined } });
    core.load([stored]);
    let answer: Uint8Array | null = null;
    await core.sync(new Uint8Array([0]), (u) => (answer = u));
    expect(answer).toBe(stored); // the same bytes, not a re-encoding
    const editor = new Y.Doc();
    Y.applyUpdate(editor, stored);
    setTitle(editor, 'changed');
    const result = await core.apply(Y.encodeStateAsUpdate(editor, Y.encodeStateVector(core.doc)), { name: 'c', rights: { writeShared: true, writeDepartments: 'all' } });
    expect(result.status).toBe('accepted');
    store.commit();
    await core.sync(new Uint8Array([0]), (u) => (answer = u));
    expect(answer).not.toBe(stored);
    const fresh = new Y.Doc();
    Y.applyUpdate(fresh, answer as unknown as Uint8Array);
    expect(projectSnapshot(fresh).title).toBe('changed');
  });

  it('should answer an empty client of a snapshot and a short log with the stored bytes as they are, the log sent ahead', async () => {
    const { source, snapshot, tail } = storedWithLog();
    source.getText('shared/narrative').insert(3, 'abc');
    source.getText('shared/narrative').delete(0, 2);
    setTitle(source, 'after the snapshot');
    const core = new MergeCore<Author>({ authorizers: [sectionRights], store: new TestStore(), relay: { relay: () => undefined } });
    core.load([snapshot, ...tail]);
    let answer: { missing: Uint8Array; before: readonly Uint8Array[] } | null = null;
    await core.sync(new Uint8Array([0]), (missing, before) => (answer = { missing, before }));
    const { missing, before } = answer as unknown as { missing: Uint8Array; before: readonly Uint8Array[] };
    expect(missing).toBe(snapshot); // not merged, not re-encoded
    expect(before).toEqual(tail);
    // a client applies them in the order sent: the log first (parked), then the answer
    const fresh = new Y.Doc();
    for (const update of before) Y.applyUpdate(fresh, update);
    Y.applyUpdate(fresh, missing);
    expect(fresh.getText('shared/narrative').toString()).toBe(source.getText('shared/narrative').toString());
    expect(projectSnapshot(fresh).title).toBe('after the snapshot');
    expect(Y.encodeStateVector(fresh)).toEqual(Y.encodeStateVector(source));
  });

  it('should answer an empty client from stored bytes not yet decoded, with every change and other sync queued behind the load', async () => {
    const { source, snapshot, tail } = storedWithLog();
    source.getText('shared/narrative').insert(0, 'xyz');
    const store = new TestStore();
    const relayed: Uint8Array[] = [];
    const core = new MergeCore<Author>({ authorizers: [sectionRights], store, relay: { relay: (u) => relayed.push(u) } });
    let release!: () => void;
    const order: string[] = [];
    const loaded = core.loadQueued([snapshot, ...tail], {
      before: () => new Promise<void>((resolve) => (release = resolve)),
      after: () => void order.push(`after load: ${core.doc.getText('shared/narrative').length}`),
    });
    expect(core.loading).toBe(true);
    // a cold client: answered now, from the bytes as stored, while the document is still empty
    let answer: { missing: Uint8Array; before: readonly Uint8Array[] } | null = null;
    await core.sync(new Uint8Array([0]), (missing, before) => (answer = { missing, before }));
    expect(answer).not.toBeNull();
    const { missing, before } = answer as unknown as { missing: Uint8Array; before: readonly Uint8Array[] };
    expect(missing).toBe(snapshot);
    expect(before).toEqual(tail);
    expect(core.doc.getText('shared/narrative').length).toBe(0);
    // a client with state, and an edit: both wait for the load
    const editor = new Y.Doc();
    Y.applyUpdate(editor, snapshot);
    for (const u of tail) Y.applyUpdate(editor, u);
    const warm = core.sync(Y.encodeStateVector(editor), () => void order.push('warm sync'));
    setTitle(editor, 'edited while loading');
    const edit = core.apply(Y.encodeStateAsUpdate(editor, Y.encodeStateVector(source)), { name: 'c', rights: { writeShared: true, writeDepartments: 'all' } }).then((r) => {
      order.push(`edit ${r.status}`);
      return r;
    });
    await new Promise<void>((resolve) => setTimeout(() => resolve(), 5));
    expect(order).toEqual([]);
    release();
    await loaded;
    expect(core.loading).toBe(false);
    const result = await edit;
    expect(result.status).toBe('accepted');
    store.commit();
    await warm;
    expect(order).toEqual([`after load: ${source.getText('shared/narrative').length}`, 'warm sync', 'edit accepted']); // in the order queued, after the load
    // the cold client, with what it was sent and the relayed edit, holds the server's document
    const fresh = new Y.Doc();
    for (const update of before) Y.applyUpdate(fresh, update);
    Y.applyUpdate(fresh, missing);
    await core.flushed();
    for (const update of relayed) Y.applyUpdate(fresh, update);
    expect(Y.encodeStateAsUpdate(fresh)).toEqual(Y.encodeStateAsUpdate(core.doc));
    expect(projectSnapshot(fresh).title).toBe('edited while loading');
  });

  it('should answer an empty client from a long stored log once, with the whole document, until it changes', async () => {
    const { source, snapshot, tail } = storedWithLog();
    const text = source.getText('shared/narrative');
    for (let i = 0; i < 500; i++) text.insert((i * 7919) % (text.length + 1), String.fromCharCode(97 + (i % 26)));
    const core = new MergeCore<Author>({ authorizers: [sectionRights], store: new TestStore(), relay: { relay: () => undefined } });
    core.load([snapshot, ...tail]);
    const answers: Uint8Array[] = [];
    await core.sync(new Uint8Array([0]), (u) => answers.push(u));
    await core.sync(new Uint8Array([0]), (u) => answers.push(u));
    expect(answers[1]).toBe(answers[0]); // encoded once, then kept
    const fresh = new Y.Doc();
    Y.applyUpdate(fresh, answers[0]!);
    expect(fresh.getText('shared/narrative').toString()).toBe(text.toString());
    expect(Y.encodeStateVector(fresh)).toEqual(Y.encodeStateVector(source));
  });

  it('should relay a change only after the store has it, and never one the store refused', async () => {
    const store = new TestStore();
    const relayed: Uint8Array[] = [];
    let failed = 0;
    const core = new MergeCore<Author>({ authorizers: [sectionRights], store, relay: { relay: (u) => relayed.push(u) }, storeFailed: () => failed++ });
    const source = createPackageDoc();
    populateDocument(source, renovationPackage(), 'conversion');
    core.load([Y.encodeStateAsUpdate(source)]);
    const editor = new Y.Doc();
    Y.applyUpdate(editor, Y.encodeStateAsUpdate(source));
    const author = { name: 'c', rights: { writeShared: true, writeDepartments: 'all' as const } };
    setTitle(editor, 'one');
    const first = await core.apply(Y.encodeStateAsUpdate(editor, Y.encodeStateVector(core.doc)), author);
    await settle();
    expect(relayed).toHaveLength(0);
    store.commit();
    await settle();
    expect(relayed).toHaveLength(1);
    expect(first.status).toBe('accepted');
    setTitle(editor, 'two');
    const second = await core.apply(Y.encodeStateAsUpdate(editor, Y.encodeStateVector(core.doc)), author);
    store.failing = true;
    store.commit();
    await expect(second.status === 'accepted' ? second.committed : Promise.resolve()).rejects.toThrow('store unavailable');
    expect(relayed).toHaveLength(1);
    expect(failed).toBe(1);
  });

  it('should relay every change of one commit batch before any committed hook runs when the hooks are deferred, and resolve `committed` after them', async () => {
    const store = new TestStore();
    const events: string[] = [];
    const deferred: (() => void)[] = [];
    const core = new MergeCore<Author>({
      authorizers: [sectionRights],
      store,
      relay: { relay: () => events.push('relay') },
      extensions: [{ name: 'hook', committed: () => events.push('hook') }],
      afterRelay: (hooks) => deferred.push(hooks),
    });
    const source = createPackageDoc();
    populateDocument(source, renovationPackage(), 'conversion');
    core.load([Y.encodeStateAsUpdate(source)]);
    const editor = new Y.Doc();
    Y.applyUpdate(editor, Y.encodeStateAsUpdate(source));
    const author = { name: 'c', rights: { writeShared: true, writeDepartments: 'all' as const } };
    const results: MergeResult<Author>[] = [];
    for (const title of ['one', 'two', 'three']) {
      setTitle(editor, title);
      results.push(await core.apply(Y.encodeStateAsUpdate(editor, Y.encodeStateVector(core.doc)), author));
    }
    let done = 0;
    for (const r of results) if (r.status === 'accepted') void r.committed.then(() => done++);
    store.commit(); // one batch
    await settle();
    expect(events).toEqual(['relay', 'relay', 'relay']);
    expect(done).toBe(0);
    for (const hooks of deferred.splice(0)) hooks();
    await settle();
    expect(events).toEqual(['relay', 'relay', 'relay', 'hook', 'hook', 'hook']);
    expect(done).toBe(3);
  });

  it('should await asynchronous authorizers in order and refuse the whole update on the first refusal, before anything is merged', async () => {
    const store = new TestStore();
    const relayed: Uint8Array[] = [];
    const order: string[] = [];
    let lock: string | null = 'the package is at the review stage: its content is locked';
    const stageLock = async () => {
      await settle();
      order.push('stage');
      return lock ? { code: 'integrity', reason: lock } : null;
    };
    const after = () => {
      order.push('after');
      return null;
    };
    const core = new MergeCore<Author>({ authorizers: [sectionRights, stageLock, after], store, relay: { relay: (u) => relayed.push(u) } });
    const source = createPackageDoc();
    populateDocument(source, renovationPackage(), 'conversion');
    core.load([Y.encodeStateAsUpdate(source)]);
    const editor = new Y.Doc();
    Y.applyUpdate(editor, Y.encodeStateAsUpdate(source));
    const author = { name: 'c', rights: { writeShared: true, writeDepartments: 'all' as const } };
    const before = projectSnapshot(core.doc).title;
    setTitle(editor, 'locked edit');
    const refused = await core.apply(Y.encodeStateAsUpdate(editor, Y.encodeStateVector(core.doc)), author);
    expect(refused).toMatchObject({ status: 'refused', code: 'integrity', reason: lock });
    expect(order).toEqual(['stage']); // the later step never ran
    expect(projectSnapshot(core.doc).title).toBe(before);
    expect(store.waiting).toBe(0);
    lock = null;
    const accepted = await core.apply(Y.encodeStateAsUpdate(editor, Y.encodeStateVector(core.doc)), author);
    expect(accepted.status).toBe('accepted');
    expect(order).toEqual(['stage', 'stage', 'after']);
    store.commit();
    await settle();
    expect(relayed).toHaveLength(1);
    expect(projectSnapshot(core.doc).title).toBe('locked edit');
  });
});

describe('admitUpdate', () => {
  it('takes an update the document has none of as its own diff, and diffs one that repeats what the document has', () => {
    const server = createPackageDoc();
    populateDocument(server, renovationPackage());
    const client = new Y.Doc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
    const before = Y.encodeStateVector(client);
    setTitle(client, 'first');
    const first = Y.encodeStateAsUpdate(client, before);
    const admitted = admitUpdate(server, first, { rights: { writeShared: true, writeDepartments: 'all' } }, [sectionRights]);
    expect(admitted.ok && admitted.payload.update).toBe(first);
    Y.applyUpdate(server, first);
    // the next update, sent together with the first one again (as a client resending after a reconnect)
    const middle = Y.encodeStateVector(client);
    setTitle(client, 'second');
    const both = Y.encodeStateAsUpdate(client, before);
    const again = admitUpdate(server, both, { rights: { writeShared: true, writeDepartments: 'all' } }, [sectionRights]);
    if (!again.ok) throw new Error(again.reason);
    expect(again.payload.update).not.toBe(both);
    expect(Y.decodeUpdate(again.payload.update).structs.map((s) => s.id.clock)).toEqual(Y.decodeUpdate(Y.encodeStateAsUpdate(client, middle)).structs.map((s) => s.id.clock));
    expect([...again.payload.scope.paths]).toEqual(['shared.title']);
  });
});
