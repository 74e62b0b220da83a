import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { minutesText, readMinutes } from '@zerobase/collab';
import * as Y from 'yjs';
import { connectCollab, eventually, type CollabClient } from '../support/collab-client';
import { startDemoServer, type DemoServer } from '../support/demo-server';
import type { HttpClient } from '../support/http-client';
import { connectSocket, type RecordingSocket } from '../support/socket-client';

let server: DemoServer;
let coordinator: HttpClient;
let power: HttpClient;
let telecom: HttpClient;
let pkg: Record<string, string>;
const sockets: Record<string, RecordingSocket> = {};
let meeting: any;

const cycle = () => `/api/cycles/${server.cycleId}`;
const decisionsOf = async (id: string) => (await coordinator.get(`/api/meetings/${id}`)).body.decisions as any[];

beforeAll(async () => {
  server = await startDemoServer({ NOTIFY_OVERDUE_SWEEP_MS: '200' });
  coordinator = await server.as('coordinator');
  power = await server.as('power');
  telecom = await server.as('telecom');
  const list = (await coordinator.get(`${cycle()}/packages`)).body as { code: string; id: string }[];
  pkg = Object.fromEntries(list.map((p) => [p.code, p.id]));
  for (const who of ['coordinator', 'power', 'telecom', 'housing', 'observer']) {
    sockets[who] = await connectSocket(server.api.baseUrl, (await server.as(who)).token!);
  }
}, 180_000);

afterAll(async () => {
  for (const s of Object.values(sockets)) s.close();
  await server?.close();
});

describe('scheduling a meeting', () => {
  it('should refuse a liaison scheduling a meeting and an agenda package from elsewhere, storing nothing', async () => {
    const body = { title: '联席会议', scheduledAt: '2026-12-03T09:00:00+08:00', invitedDepartments: ['power'], agenda: [{ packageId: pkg['DP-08'] }] };
    const byLiaison = await power.post(`${cycle()}/meetings`, body);
    expect(byLiaison.status).toBe(403);
    const foreign = await coordinator.post(`${cycle()}/meetings`, { ...body, agenda: [{ packageId: '00000000-0000-4000-8000-000000000000' }] });
    expect(foreign.status).toBe(400);
    expect(foreign.body.fields).toEqual([{ field: 'agenda.0.packageId', reason: 'is not a package of this cycle' }]);
    const freeWithoutTitle = await coordinator.post(`${cycle()}/meetings`, { ...body, agenda: [{}] });
    expect(freeWithoutTitle.status).toBe(400);
    expect((await coordinator.get(`${cycle()}/meetings`)).body).toEqual([]);
  });

  it('should schedule a meeting with two agenda items and invited departments', async () => {
    const created = await coordinator.post(`${cycle()}/meetings`, {
      title: '2027年度预算第一次跨部门联席会议',
      place: '财政局三楼会议室',
      scheduledAt: '2026-12-03T09:00:00+08:00',
      invitedDepartments: ['power', 'telecom', 'civil', 'health'],
      agenda: [{ packageId: pkg['DP-08'] }, { title: '电力通信线路迁改协调' }],
    });
    expect(created.status).toBe(201);
    meeting = created.body;
    expect(meeting.agenda.map((a: any) => [a.position, a.packageCode, a.title])).toEqual([
      [0, 'DP-08', '社区养老服务提升'],
      [1, null, '电力通信线路迁改协调'],
    ]);
    expect(meeting.invitedDepartments).toEqual(['power', 'telecom', 'civil', 'health']);
    expect(meeting.status).toBe('scheduled');
    expect((await power.get(`${cycle()}/meetings`)).body.map((m: any) => m.id)).toEqual([meeting.id]);
    expect((await (await server.as('housing')).get(`${cycle()}/meetings`)).body).toEqual([]);
    expect((await (await server.as('housing')).get(`/api/meetings/${meeting.id}`)).status).toBe(403);
  });
});

describe('the meeting room', () => {
  it('should let invited people join, record their attendance, and keep others out', async () => {
    for (const who of ['coordinator', 'power', 'telecom']) {
      const ack = await sockets[who]!.emitAck('meeting:join', { meetingId: meeting.id });
      expect(ack.ok).toBe(true);
    }
    expect(await sockets['housing']!.emitAck('meeting:join', { meetingId: meeting.id })).toMatchObject({ ok: false, error: 'forbidden' });
    expect(await sockets['observer']!.emitAck('meeting:join', { meetingId: meeting.id })).toMatchObject({ ok: false, error: 'forbidden' });
    expect(await sockets['power']!.emitAck('meeting:join', { meetingId: 'nope' })).toMatchObject({ ok: false, error: 'validation' });
    const view = (await coordinator.get(`/api/meetings/${meeting.id}`)).body;
    expect(view.attendance.map((a: any) => [a.role, a.department]).sort()).toEqual([
      ['coordinator', null],
      ['liaison', 'power'],
      ['liaison', 'telecom'],
    ]);
  });

  it('should refuse coordinator actions from a liaison and actions before the meeting starts', async () => {
    expect((await power.post(`/api/meetings/${meeting.id}/start`)).status).toBe(403);
    expect((await coordinator.put(`/api/meetings/${meeting.id}/position`, { agendaPosition: 1 })).status).toBe(409);
    const started = await coordinator.post(`/api/meetings/${meeting.id}/start`);
    expect(started.status).toBe(200);
    expect((await coordinator.post(`/api/meetings/${meeting.id}/start`)).status).toBe(409);
    expect((await power.put(`/api/meetings/${meeting.id}/position`, { agendaPosition: 1 })).status).toBe(403);
    expect((await power.post(`/api/meetings/${meeting.id}/what-if`, { quotaFen: 1 })).status).toBe(403);
  });

  it('should move the agenda position and the package on screen for everyone in the room', async () => {
    const moved = await coordinator.put(`/api/meetings/${meeting.id}/position`, { agendaPosition: 1, onScreenPackageId: pkg['DP-01'] });
    expect(moved.status).toBe(200);
    for (const who of ['coordinator', 'power', 'telecom']) {
      const event = await sockets[who]!.next('meeting:position', (e) => e.agendaPosition === 1);
      expect(event).toMatchObject({ meetingId: meeting.id, agendaItemId: meeting.agenda[1].id, onScreenPackageId: pkg['DP-01'] });
    }
    expect((await coordinator.put(`/api/meetings/${meeting.id}/position`, { agendaPosition: 5 })).status).toBe(400);
    await coordinator.put(`/api/meetings/${meeting.id}/position`, { agendaPosition: 0 });
    for (const who of ['power', 'telecom']) await sockets[who]!.next('meeting:position', (e) => e.agendaPosition === 0 && e.onScreenPackageId === pkg['DP-08']);
    // outside the room nothing arrives
    expect(sockets['housing']!.of('meeting:position')).toEqual([]);
  });

  it('should show a what-if preview to everyone, and adopting it should change the cycle’s ranking for everyone', async () => {
    const before = (await power.get(`${cycle()}/ranking`)).body;
    const quotaFen = 100_000_000 * 100; // 1 亿元
    const preview = await coordinator.post(`/api/meetings/${meeting.id}/what-if`, { quotaFen, reserveBasisPoints: 0 });
    expect(preview.status).toBe(200);
    for (const who of ['coordinator', 'power', 'telecom']) {
      const event = await sockets[who]!.next('meeting:preview', (e) => e.preview?.overrides.quotaFen === quotaFen);
      expect(event.preview.ranking.settings.quotaFen).toBe(quotaFen);
      expect(event.preview.ranking.totals.allocatedFen).toBeLessThanOrEqual(quotaFen);
    }
    // a preview alone changes nothing
    expect((await power.get(`${cycle()}/ranking`)).body.settings.quotaFen).toBe(before.settings.quotaFen);
    const adopted = await coordinator.post(`/api/meetings/${meeting.id}/what-if/adopt`);
    expect(adopted.status).toBe(201);
    expect(adopted.body).toMatchObject({ outcome: 'whatIfAdopted', agendaItemId: null, whatIf: { quotaFen, reserveBasisPoints: 0 } });
    for (const who of ['coordinator', 'power', 'telecom']) {
      await sockets[who]!.next('ranking', (r) => r.settings.quotaFen === quotaFen);
      await sockets[who]!.next('meeting:preview', (e) => e.preview === null);
    }
    const after = (await telecom.get(`${cycle()}/ranking`)).body;
    expect(after.settings.quotaFen).toBe(quotaFen);
    expect(after.totals.allocatedFen).toBeLessThan(before.totals.allocatedFen);
    expect((await coordinator.post(`/api/meetings/${meeting.id}/what-if/adopt`)).status).toBe(409);
  });

  it('should record a merge into a new joint package and a decision with a follow-up action', async () => {
    const [item0, item1] = meeting.agenda;
    const merge = await coordinator.post(`/api/meetings/${meeting.id}/decisions`, {
      agendaItemId: item0.id,
      outcome: 'merged',
      mergePackageIds: [pkg['DP-09']],
      newJointPackage: { code: 'DP-J1', title: '社区医养结合服务（联合）' },
      agreeing: ['civil', 'health'],
      comment: '养老与社区卫生合并建设医养结合服务站',
    });
    expect(merge.status).toBe(201);
    expect(merge.body).toMatchObject({ outcome: 'merged', jointPackageCode: 'DP-J1', agreeing: ['civil', 'health'], objecting: [], supersedes: null });
    expect(merge.body.mergedPackageIds.sort()).toEqual([pkg['DP-08'], pkg['DP-09']].sort());
    const joint = (await coordinator.get(`/api/packages/${merge.body.jointPackageId}`)).body;
    expect(joint.departments.sort()).toEqual(['civil', 'health']);
    for (const who of ['power', 'telecom']) await sockets[who]!.next('meeting:decision', (e) => e.decision.id === merge.body.id);

    const approve = await coordinator.post(`/api/meetings/${meeting.id}/decisions`, {
      agendaItemId: item1.id,
      outcome: 'approved',
      agreeing: ['power', 'telecom'],
      followUps: [
        { department: 'power', description: '提交线路迁改联合施工方案', dueDate: '2027-01-15' },
        { department: 'telecom', description: '确认共杆架设费用分摊', dueDate: '2026-01-05' },
      ],
    });
    expect(approve.status).toBe(201);
    expect(approve.body.proposedBy.userId).toBe(sockets['coordinator']!.userId);
  });

  it('should refuse deciding twice, off-agenda items, liaison decisions and bad merges, storing nothing', async () => {
    const [item0, item1] = meeting.agenda;
    const before = await decisionsOf(meeting.id);
    const current = (itemId: string) => before.find((d) => d.agendaItemId === itemId && !d.supersededBy)!.id;
    const twice = await coordinator.post(`/api/meetings/${meeting.id}/decisions`, { agendaItemId: item1.id, outcome: 'deferred' });
    expect(twice.status).toBe(409);
    expect(twice.body.message).toContain('already decided');
    const offAgenda = await coordinator.post(`/api/meetings/${meeting.id}/decisions`, { agendaItemId: '00000000-0000-4000-8000-000000000000', outcome: 'approved' });
    expect(offAgenda.status).toBe(400);
    expect(offAgenda.body.fields).toEqual([{ field: 'agendaItemId', reason: 'is not on this meeting’s agenda' }]);
    expect((await power.post(`/api/meetings/${meeting.id}/decisions`, { agendaItemId: item1.id, outcome: 'approved' })).status).toBe(403);
    const returnedWithoutComment = await coordinator.post(`/api/meetings/${meeting.id}/decisions`, { agendaItemId: item1.id, outcome: 'returned', supersedes: current(item1.id) });
    expect(returnedWithoutComment.status).toBe(400);
    expect(returnedWithoutComment.body.fields[0].field).toBe('comment');
    const bothSides = await coordinator.post(`/api/meetings/${meeting.id}/decisions`, { agendaItemId: item0.id, outcome: 'deferred', supersedes: current(item0.id), agreeing: ['power'], objecting: ['power'] });
    expect(bothSides.status).toBe(400);
    expect(await decisionsOf(meeting.id)).toEqual(before);
  });

  it('should record a change as a new decision that supersedes the old one', async () => {
    const [, item1] = meeting.agenda;
    const old = (await decisionsOf(meeting.id)).find((d) => d.agendaItemId === item1.id)!;
    const change = await coordinator.post(`/api/meetings/${meeting.id}/decisions`, { agendaItemId: item1.id, outcome: 'returned', comment: '补充迁改费用测算', supersedes: old.id, objecting: ['telecom'] });
    expect(change.status).toBe(201);
    const all = await decisionsOf(meeting.id);
    expect(all.find((d) => d.id === old.id)).toMatchObject({ outcome: 'approved', supersededBy: change.body.id });
    expect((await coordinator.post(`/api/meetings/${meeting.id}/decisions`, { agendaItemId: item1.id, outcome: 'deferred', supersedes: old.id })).status).toBe(409);
  });
});

describe('follow-up actions', () => {
  it('should list actions per department, flag overdue ones and let only the owner mark them done', async () => {
    const list = (await power.get(`${cycle()}/follow-ups?department=telecom`)).body;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ department: 'telecom', dueDate: '2026-01-05', state: 'overdue' });
    const mine = (await power.get(`${cycle()}/follow-ups?department=power`)).body;
    expect(mine[0]).toMatchObject({ department: 'power', state: 'open' });
    expect((await telecom.post(`/api/follow-ups/${mine[0].id}/done`)).status).toBe(403);
    const done = await power.post(`/api/follow-ups/${mine[0].id}/done`);
    expect(done.status).toBe(200);
    expect(done.body.state).toBe('done');
    expect((await power.post(`/api/follow-ups/${mine[0].id}/done`)).status).toBe(409);
    const overdue = await sockets['telecom']!.next('notification', (n) => n.kind === 'followUpOverdue');
    expect(overdue.params.description).toBe('确认共杆架设费用分摊');
    await sockets['power']!.next('notification', (n) => n.kind === 'followUpAssigned');
    expect(sockets['power']!.of('notification').filter((n) => n.kind === 'followUpOverdue')).toEqual([]);
  });
});

describe('minutes', () => {
  const open = (who: string) => connectCollab(server.api.baseUrl, `minutes:${meeting.id}`, tokens[who]!);
  const notesOf = (client: CollabClient) => minutesText(client.doc, 'notes').toString();
  const tokens: Record<string, string> = {};
  const clients: CollabClient[] = [];
  const storedUpdates = async () => Number((await server.db.query<{ n: string }>(`SELECT count(*) AS n FROM doc_update WHERE doc_id = $1`, [meeting.id]))[0]!.n);
  afterAll(() => {
    for (const c of clients) c.destroy();
  });

  it('should be prefilled with the agenda, attendance and decisions, co-edited live by two y-websocket clients, and survive a kill -9 and restart', async () => {
    for (const who of ['coordinator', 'power', 'telecom', 'housing', 'observer']) tokens[who] = (await server.as(who)).token!;
    const chair = open('coordinator');
    const liaison = open('power');
    clients.push(chair, liaison);
    await Promise.all([chair.synced(), liaison.synced()]);
    const view = (await coordinator.get(`/api/meetings/${meeting.id}`)).body;
    expect(view.minutes).toMatchObject({ document: `minutes:${meeting.id}`, closedAt: null, access: 'write' });
    expect((await (await server.as('reviewer1')).get(`/api/meetings/${meeting.id}`)).body.minutes.access).toBe('read');
    const prefilled = readMinutes(liaison.doc);
    expect(prefilled.agenda).toContain('[DP-08] 社区养老服务提升');
    expect(prefilled.agenda).toContain('电力通信线路迁改协调');
    for (const a of view.attendance) expect(prefilled.attendance).toContain(a.name);
    expect(prefilled.decisions).toContain('合并为联合决策包');
    expect(prefilled.decisions).toContain('采纳模拟调整方案');
    expect(prefilled.followUps).toContain('提交线路迁改联合施工方案');

    // both type at once into the same part; both end with the same text holding both
    minutesText(chair.doc, 'notes').insert(0, '主持人：议题一合并办理。');
    minutesText(liaison.doc, 'notes').insert(0, '供电公司：同意线路迁改方案。');
    const converged = (t: string) => t.includes('主持人：议题一合并办理。') && t.includes('供电公司：同意线路迁改方案。');
    await eventually(() => notesOf(chair), converged, 10_000, 'the chair receives the liaison’s notes');
    await eventually(() => notesOf(liaison), converged, 10_000, 'the liaison receives the chair’s notes');
    expect(notesOf(chair)).toBe(notesOf(liaison));
    const agreed = notesOf(chair);

    await server.api.kill9();
    chair.destroy();
    liaison.destroy();
    await server.api.launch();
    const after = open('telecom');
    clients.push(after);
    await after.synced();
    expect(notesOf(after)).toBe(agreed);
    expect((await telecom.get(`/api/meetings/${meeting.id}/minutes`)).body.notes).toBe(agreed);
  });

  it('should keep people outside the meeting out of the minutes document', async () => {
    const outsiders = [open('housing'), open('observer')];
    clients.push(...outsiders);
    for (const c of outsiders) {
      await eventually(() => c.closes.length, (n) => n > 0, 10_000, 'the outsider is closed');
      expect(c.closes[0]).toMatchObject({ code: 4403 });
      expect(c.closes[0]!.reason).toContain('not invited');
      expect(readMinutes(c.doc).agenda).toBe('');
    }
  });

  it('should let the liaison edit only while the meeting is open, then close the minutes: read-only on every channel, nothing stored', async () => {
    const chair = open('coordinator');
    const liaison = open('power');
    const watcher = open('telecom');
    clients.push(chair, liaison, watcher);
    await Promise.all([chair.synced(), liaison.synced(), watcher.synced()]);
    expect((await power.put(`/api/meetings/${meeting.id}/minutes`, { notes: `${notesOf(liaison)}\n通信公司：共杆架设。` })).status).toBe(200);
    await eventually(() => notesOf(watcher), (t) => t.includes('通信公司：共杆架设。'), 10_000, 'the REST notes reach the document');

    expect((await coordinator.post(`/api/meetings/${meeting.id}/minutes/close`)).status).toBe(409); // not ended yet
    expect((await coordinator.post(`/api/meetings/${meeting.id}/end`)).status).toBe(200);
    // the liaison's open connection is now read-only: its edit is refused, the chair's still goes through
    await eventually(() => coordinator.get(`/api/meetings/${meeting.id}`), (r) => r.body.status === 'ended');
    const stored = await storedUpdates();
    minutesText(liaison.doc, 'notes').insert(0, '【会后擅改】');
    await eventually(() => liaison.closes.length, (n) => n > 0, 10_000, 'the liaison’s edit is refused');
    expect(liaison.closes[0]).toMatchObject({ code: 4409 });
    liaison.destroy();
    expect((await power.put(`/api/meetings/${meeting.id}/minutes`, { notes: '改写' })).status).toBe(403);
    minutesText(chair.doc, 'notes').insert(minutesText(chair.doc, 'notes').length, '\n会后整理：纪要定稿。');
    await eventually(() => notesOf(watcher), (t) => t.includes('会后整理：纪要定稿。'), 10_000, 'the chair’s edit after the meeting');
    expect(notesOf(watcher)).not.toContain('会后擅改');
    expect(await storedUpdates()).toBe(stored + 1);

    expect((await power.post(`/api/meetings/${meeting.id}/minutes/close`)).status).toBe(403);
    const closed = await coordinator.post(`/api/meetings/${meeting.id}/minutes/close`);
    expect(closed.status).toBe(200);
    expect(closed.body.closedAt).toBeTruthy();
    const final = notesOf(watcher);
    const storedAtClose = await storedUpdates();
    // the chair's open connection is read-only too: the edit is refused (a positive signal) and not stored
    minutesText(chair.doc, 'notes').insert(0, '【定稿后修改】');
    await eventually(() => chair.closes.length, (n) => n > 0, 10_000, 'the chair’s edit after closing is refused');
    expect(chair.closes[0]).toMatchObject({ code: 4409 });
    // narrowed to read-only by the re-check (or, had the edit come first, refused by the minutes' authorizer)
    expect(chair.closes[0]!.reason).toMatch(/update refused: (no right to write|the minutes are closed)/);
    chair.destroy();
    const refused = await coordinator.put(`/api/meetings/${meeting.id}/minutes`, { notes: '改写' });
    expect(refused.status).toBe(409);
    expect(refused.body.message).toContain('closed');
    const fresh = open('telecom');
    clients.push(fresh);
    await fresh.synced();
    expect(notesOf(fresh)).toBe(final);
    expect(notesOf(watcher)).toBe(final);
    expect(await storedUpdates()).toBe(storedAtClose);
    expect((await coordinator.get(`/api/meetings/${meeting.id}/minutes`)).body).toMatchObject({ notes: final });
    // the closed state is kept as a named version of the document
    const [version] = await server.db.query<{ name: string; state: Buffer }>(`SELECT name, state FROM doc_version WHERE doc_id = $1 AND name = 'minutes closed'`, [meeting.id]);
    const closedDoc = new Y.Doc();
    Y.applyUpdate(closedDoc, new Uint8Array(version!.state));
    expect(version!.name).toBe('minutes closed');
    expect(minutesText(closedDoc, 'notes').toString()).toBe(final);
  });

  it('should export the co-edited minutes as Word and PDF whose text holds the attendees, decisions and notes', async () => {
    const fetchFile = async (ext: string) => {
      const response = await fetch(`${server.api.baseUrl}/api/meetings/${meeting.id}/minutes.${ext}`, { headers: { authorization: `Bearer ${telecom.token}` } });
      if (response.status !== 200) throw new Error(`${ext}: ${response.status} ${await response.text()}`);
      return Buffer.from(await response.arrayBuffer());
    };
    const docx = await fetchFile('docx');
    const { default: JSZip } = await import('jszip');
    const xml = await (await JSZip.loadAsync(docx)).file('word/document.xml')!.async('string');
    const wordText = xml.replace(/<\/w:p>/g, '\n').replace(/<[^>]+>/g, '');
    const pdf = await fetchFile('pdf');
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const document = await pdfjs.getDocument({ data: new Uint8Array(pdf), useSystemFonts: false }).promise;
    let pdfText = '';
    for (let p = 1; p <= document.numPages; p++) {
      const content = await (await document.getPage(p)).getTextContent();
      pdfText += content.items.map((i: any) => ('str' in i ? i.str : '')).join('') + '\n';
    }
    const view = (await coordinator.get(`/api/meetings/${meeting.id}`)).body;
    for (const text of [wordText, pdfText]) {
      const flat = text.replace(/\s+/g, '');
      expect(flat).toContain('会议纪要');
      expect(flat).toContain('2027年度预算第一次跨部门联席会议');
      expect(flat).toContain('财政局三楼会议室');
      for (const a of view.attendance) expect(flat).toContain(a.name.replace(/\s+/g, ''));
      expect(flat).toContain('合并为联合决策包');
      expect(flat).toContain('DP-J1');
      expect(flat).toContain('退回修改');
      expect(flat).toContain('采纳模拟调整方案');
      expect(flat).toContain('提交线路迁改联合施工方案');
      expect(flat).toContain('2027年1月15日');
      // the co-edited text: both clients' notes, the REST notes and the chair's edit after the meeting
      for (const note of ['主持人：议题一合并办理。', '供电公司：同意线路迁改方案。', '通信公司：共杆架设。', '会后整理：纪要定稿。']) expect(flat).toContain(note);
      expect(flat).not.toContain('会后擅改');
      expect(flat).not.toContain('定稿后修改');
    }
  });
});

describe('an override decision', () => {
  it('should take a package cut by override out of the allocation, the freed money going down the ranking, and lift the cut when superseded', async () => {
    const ranking = async () => (await power.get(`${cycle()}/ranking`)).body as { items: any[]; totals: any };
    const before = await ranking();
    const fundedBefore = new Set(before.items.filter((i) => i.funded).map((i) => i.packageId));
    const unfundedBefore = before.items.filter((i) => !i.funded && i.explanation.funding !== 'alternativeFunded');
    expect(unfundedBefore.length).toBeGreaterThan(0);
    // the funded package whose money funds the most below the line: the costliest one
    const cut = before.items.filter((i) => i.funded && !i.pinned && i.explanation.funding === 'withinQuota').sort((a, b) => b.costFen - a.costFen)[0]!;
    expect(cut.costFen).toBeGreaterThan(0);
    const m = (await coordinator.post(`${cycle()}/meetings`, { title: '特别调整会议', scheduledAt: '2026-12-05T09:00:00+08:00', invitedDepartments: ['power'], agenda: [{ packageId: cut.packageId }] })).body;
    await coordinator.post(`/api/meetings/${m.id}/start`);
    const decided = await coordinator.post(`/api/meetings/${m.id}/decisions`, { agendaItemId: m.agenda[0].id, outcome: 'override', override: 'cut', comment: '与既有工程重复，核减' });
    expect(decided.status).toBe(201);
    const after = await eventually(ranking, (r) => r.items.some((i) => i.packageId === cut.packageId && !i.funded), 10_000, 'the cut reaches the ranking');
    const item = after.items.find((i) => i.packageId === cut.packageId)!;
    expect(item).toMatchObject({ funded: false, fundedFen: 0, explanation: { funding: 'overrideCut', override: { override: 'cut', reason: '与既有工程重复，核减' } } });
    const newlyFunded = after.items.filter((i) => i.funded && !fundedBefore.has(i.packageId));
    expect(newlyFunded.length).toBeGreaterThan(0);
    for (const i of newlyFunded) expect(i.rank).toBeGreaterThan(item.rank);
    // everything funded before (but the cut package) stays funded: the money only moved down
    for (const id of fundedBefore) if (id !== cut.packageId) expect(after.items.find((i) => i.packageId === id)?.funded).toBe(true);
    expect(after.totals.allocatedFen).toBeLessThanOrEqual(after.totals.availableFen);
    const rules = (await coordinator.get(`${cycle()}/allocation-rules`)).body;
    expect(rules.overrides).toEqual([{ packageId: cut.packageId, override: 'cut', reason: '与既有工程重复，核减', decisionId: decided.body.id, meetingId: m.id }]);

    // a later decision that replaces it lifts the cut
    const lifted = await coordinator.post(`/api/meetings/${m.id}/decisions`, { agendaItemId: m.agenda[0].id, outcome: 'approved', supersedes: decided.body.id });
    expect(lifted.status).toBe(201);
    await eventually(ranking, (r) => r.items.find((i) => i.packageId === cut.packageId)!.funded === true, 10_000, 'the cut is lifted');
    await coordinator.post(`/api/meetings/${m.id}/end`);
  });
});

describe('a locked allocation', () => {
  it('should refuse adopting a what-if once the cycle is in execution, storing nothing', async () => {
    const second = await coordinator.post(`${cycle()}/meetings`, { title: '第二次会议', scheduledAt: '2026-12-10T09:00:00+08:00', invitedDepartments: ['power'], agenda: [{ title: '其他' }] });
    await coordinator.post(`/api/meetings/${second.body.id}/start`);
    await coordinator.post(`/api/meetings/${second.body.id}/what-if`, { quotaFen: 1 });
    const current = (await coordinator.get(cycle())).body;
    expect((await coordinator.patch(cycle(), { version: current.version, stage: 'execution' })).status).toBe(200);
    const refused = await coordinator.post(`/api/meetings/${second.body.id}/what-if/adopt`);
    expect(refused.status).toBe(409);
    expect(refused.body.message).toContain('locked');
    expect((await coordinator.get(cycle())).body.totalQuotaFen).toBe(current.totalQuotaFen);
    expect(await decisionsOf(second.body.id)).toEqual([]);
  });
});

describe('versions of the minutes', () => {
  let second: any;
  const versionsOf = async (who: HttpClient = coordinator) => (await who.get(`/api/meetings/${second.id}/minutes/versions`)).body as any[];

  it('should keep the minutes as they stood when the meeting ended, with who edited which parts', async () => {
    const created = await coordinator.post(`${cycle()}/meetings`, {
      title: '线路迁改专题会',
      scheduledAt: '2026-12-04T09:00:00+08:00',
      invitedDepartments: ['power', 'telecom'],
      agenda: [{ packageId: pkg['DP-01'] }],
    });
    expect(created.status).toBe(201);
    second = created.body;
    expect((await coordinator.post(`/api/meetings/${second.id}/start`)).status).toBe(200);
    expect((await power.put(`/api/meetings/${second.id}/minutes`, { notes: '供电公司：同意共杆。' })).status).toBe(200);
    expect(await versionsOf()).toEqual([]);
    expect((await coordinator.post(`/api/meetings/${second.id}/end`)).status).toBe(200);
    const [atEnd] = await versionsOf(telecom);
    expect(atEnd).toMatchObject({ name: 'meeting ended', kind: 'stage-gate', createdByName: expect.any(String), parts: expect.arrayContaining(['notes']) });
    expect(atEnd.editors.map((e: any) => e.userName)).toContain((await power.get('/api/auth/me')).body.displayName);
    const read = await telecom.get(`/api/meetings/${second.id}/minutes/versions/${atEnd.id}`);
    expect(read.status).toBe(200);
    expect(read.body.texts.notes).toBe('供电公司：同意共杆。');
    expect(read.body.texts.agenda).toContain('DP-01');
  });

  it('should record a named version on demand and restore one as a new version, for those who may write the minutes only', async () => {
    const [atEnd] = await versionsOf();
    expect((await coordinator.put(`/api/meetings/${second.id}/minutes`, { notes: '会后整理：改为分期实施。' })).status).toBe(200);
    // after the meeting liaisons no longer write the minutes: no versions either, nothing recorded
    expect((await power.post(`/api/meetings/${second.id}/minutes/versions`, { name: '供电版' })).status).toBe(403);
    expect((await power.post(`/api/meetings/${second.id}/minutes/versions/${atEnd.id}/restore`)).status).toBe(403);
    const empty = await coordinator.post(`/api/meetings/${second.id}/minutes/versions`, { name: '' });
    expect(empty.status).toBe(400);
    expect(empty.body.fields.map((f: any) => f.field)).toEqual(['name']);
    expect((await coordinator.get(`/api/meetings/${second.id}/minutes/versions/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
    expect((await (await server.as('housing')).get(`/api/meetings/${second.id}/minutes/versions`)).status).toBe(403);
    expect((await versionsOf()).map((v) => v.name)).toEqual(['meeting ended']);

    const named = await coordinator.post(`/api/meetings/${second.id}/minutes/versions`, { name: '会后整理稿' });
    expect(named.status).toBe(201);
    expect(named.body).toMatchObject({ name: '会后整理稿', kind: 'manual', parts: ['notes'] });

    const restored = await coordinator.post(`/api/meetings/${second.id}/minutes/versions/${atEnd.id}/restore`);
    expect(restored.status).toBe(200);
    expect(restored.body.restored.id).toBe(atEnd.id);
    expect(restored.body.version).toMatchObject({ kind: 'restore', name: 'restored "meeting ended"', parts: ['notes'] });
    expect((await telecom.get(`/api/meetings/${second.id}/minutes`)).body.notes).toBe('供电公司：同意共杆。');
    // nothing was edited after the named version, so no "before restoring" copy is added
    expect((await versionsOf()).map((v) => v.kind)).toEqual(['stage-gate', 'manual', 'restore']);
    // the named version still holds the text the restore replaced
    expect((await coordinator.get(`/api/meetings/${second.id}/minutes/versions/${named.body.id}`)).body.texts.notes).toBe('会后整理：改为分期实施。');
  });

  it('should refuse versions and restores once the minutes are closed, and keep reading them', async () => {
    const [atEnd] = await versionsOf();
    expect((await coordinator.post(`/api/meetings/${second.id}/minutes/close`)).status).toBe(200);
    const count = (await versionsOf()).length;
    const refused = await coordinator.post(`/api/meetings/${second.id}/minutes/versions/${atEnd.id}/restore`);
    expect(refused.status).toBe(409);
    expect(refused.body.message).toContain('closed');
    expect((await coordinator.post(`/api/meetings/${second.id}/minutes/versions`, { name: '定稿后' })).status).toBe(409);
    const after = await versionsOf(power);
    expect(after).toHaveLength(count);
    expect(after.at(-1).name).toBe('minutes closed');
  });
});
