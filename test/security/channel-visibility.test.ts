import { ROLES, audienceOf, canEditPackage, canReadPackage, canReadRanking, conflictRecipients, rankingVisibility, scoreAccess, type CycleMember, type CycleStage } from '@zerobase/domain';
import { addCostLine, departmentSection, setCostShare, setTitle } from '@zerobase/collab';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectCollab, eventually } from '../support/collab-client';
import { startDemoServer, type DemoServer } from '../support/demo-server';
import { DEMO_ROLES, me, packageIdsIn, recordPushes, setCycle, withoutTimestamp, type DemoRole, type Me, type PushRecorder } from './channels';

/**
 * Roles × channels × actions, with what each role may see taken from the one definition in
 * libs/domain (access + visibility), checked against what the server actually sends.
 */
let server: DemoServer;
const who = new Map<DemoRole, Me>();
const departmentIds = new Map<string, string>();
let packages: { id: string; code: string; departments: string[]; published: boolean }[] = [];

beforeAll(async () => {
  server = await startDemoServer();
  for (const role of DEMO_ROLES) who.set(role, await me(await server.as(role)));
  const coordinator = await server.as('coordinator');
  for (const d of (await coordinator.get('/api/departments')).body) departmentIds.set(d.code, d.id);
  packages = (await coordinator.get(`/api/cycles/${server.cycleId}/packages`)).body;
});
afterAll(async () => {
  await server?.close();
});

const facts = (p: (typeof packages)[number]) => ({ cycleId: server.cycleId, packageId: p.id, departmentIds: p.departments.map((code) => departmentIds.get(code)!), published: p.published });

async function readableIds(role: DemoRole): Promise<Set<string>> {
  const client = await server.as(role);
  const list = await client.get(`/api/cycles/${server.cycleId}/packages`);
  if (list.status === 200) return new Set(list.body.map((p: { id: string }) => p.id));
  // no package list (a third-party evaluator): the packages it may open one by one
  const ids = new Set<string>();
  for (const p of packages) if ((await client.get(`/api/packages/${p.id}`)).status === 200) ids.add(p.id);
  return ids;
}

/** What one role's ranking (from REST or a push) shows beyond the visibility rules; empty when nothing. */
function violations(role: DemoRole, ranking: any, readable: Set<string>, scoringClosed: boolean): string[] {
  const audience = audienceOf(who.get(role)!.memberships, server.cycleId)!;
  const visibility = rankingVisibility(audience, scoringClosed);
  const out: string[] = [];
  const unreadable = [...packageIdsIn(ranking)].filter((id) => !readable.has(id));
  if (unreadable.length) out.push(`${role}: ${unreadable.length} packages it may not read`);
  if (!visibility.breakdown && ranking.items.some((i: any) => i.explanation.parts.length > 0 || i.explanation.borda)) out.push(`${role}: per-criterion breakdown before scoring closed`);
  if (!visibility.reviewerIdentities && ranking.items.some((i: any) => i.explanation.conflictedReviewers.length > 0)) out.push(`${role}: reviewer identities`);
  if (ranking.items.some((i: { rank: number }, index: number) => i.rank !== index + 1)) out.push(`${role}: rank gaps`);
  return out;
}

describe('every channel answers from one visibility definition', () => {
  it('should enumerate a demo user for every role of the definition', () => {
    const roles = new Set(DEMO_ROLES.flatMap((role) => who.get(role)!.memberships.filter((m) => m.cycleId === server.cycleId).map((m) => m.role)));
    expect([...roles].sort()).toEqual([...ROLES].sort());
  });

  it('should send each role over Socket.IO only the ranking its REST ranking shows, at every stage', async () => {
    const recorders = new Map<DemoRole, PushRecorder>();
    for (const role of DEMO_ROLES) recorders.set(role, await recordPushes(server, await server.as(role)));
    try {
      // actions: a package change, a score, then a quota change as the marker of this round
      const coordinator = await server.as('coordinator');
      const unpublished = packages.find((p) => !p.published)!;
      const current = (await coordinator.get(`/api/packages/${unpublished.id}`)).body;
      expect((await coordinator.patch(`/api/packages/${unpublished.id}`, { version: current.version, purpose: '仅内部可见的修改' })).status).toBe(200);
      const criteria = (await coordinator.get(`/api/cycles/${server.cycleId}/criteria`)).body as { key: string }[];
      const reviewer = await server.as('reviewer1');
      expect((await reviewer.put(`/api/packages/${unpublished.id}/scores/mine`, { scores: criteria.map((c) => ({ criterion: c.key, score: 61 })) })).status).toBe(200);

      const rounds: { stage: CycleStage; quotaFen: number }[] = [
        { stage: 'scoring', quotaFen: 600_000_000_01 },
        { stage: 'allocation', quotaFen: 600_000_000_02 },
      ];
      for (const round of rounds) {
        await setCycle(server, { stage: round.stage, totalQuotaFen: round.quotaFen });
        for (const role of DEMO_ROLES) {
          const readsRanking = canReadRanking(who.get(role)!.memberships, server.cycleId, round.stage);
          const rest = await (await server.as(role)).get(`/api/cycles/${server.cycleId}/ranking`);
          expect(rest.status, `${role} REST ranking at ${round.stage}`).toBe(readsRanking ? 200 : 403);
          if (!readsRanking) continue;
          const recorder = recorders.get(role)!;
          const marker = await eventually(
            () => recorder.of('ranking').find((r) => r.totals.quotaFen === round.quotaFen),
            (r) => r !== undefined,
            10_000,
            `${role}'s ranking push at ${round.stage}`,
          );
          expect(withoutTimestamp(marker)).toEqual(withoutTimestamp((await (await server.as(role)).get(`/api/cycles/${server.cycleId}/ranking`)).body));
        }
      }
      // every marker arrived: now everything each role was ever sent is checked against REST
      const found: string[] = [];
      for (const role of DEMO_ROLES) {
        const readable = await readableIds(role);
        const memberships = who.get(role)!.memberships;
        for (const push of recorders.get(role)!.of('ranking')) {
          const stage: CycleStage = push.totals.quotaFen === rounds[0].quotaFen ? 'scoring' : 'allocation';
          if (!canReadRanking(memberships, server.cycleId, stage)) found.push(`${role}: a ranking at ${stage}`);
          found.push(...violations(role, push, readable, false));
        }
        for (const event of recorders.get(role)!.of('conflict')) {
          if ((await (await server.as(role)).get(`/api/conflicts/${event.conflict.id}`)).status !== 200) found.push(`${role}: conflict ${event.conflict.id}`);
        }
      }
      expect([...new Set(found)]).toEqual([]);
    } finally {
      for (const r of recorders.values()) r.socket.disconnect();
      await setCycle(server, { stage: 'scoring' });
    }
  });

  it('should push each role only the conflicts and notifications its REST reads show', async () => {
    const recorders = new Map<DemoRole, PushRecorder>();
    for (const role of DEMO_ROLES) recorders.set(role, await recordPushes(server, await server.as(role)));
    const docs: ReturnType<typeof connectCollab>[] = [];
    try {
      const coordinator = await server.as('coordinator');
      // actions: an unpublished joint package gets a conflict (a co-owner changes the split), an edit of one section and a score
      const created = await coordinator.post('/api/packages', { cycleId: server.cycleId, code: 'SEC-PUSH', title: '内部联合包', leadDepartment: 'power', departments: ['power', 'telecom'] });
      expect(created.status).toBe(201);
      const id = created.body.id as string;
      const telecomDoc = connectCollab(server.api.baseUrl, id, (await server.as('telecom')).token);
      const coordinatorDoc = connectCollab(server.api.baseUrl, id, coordinator.token);
      docs.push(telecomDoc, coordinatorDoc);
      await Promise.all([telecomDoc.synced(), coordinatorDoc.synced()]);
      setCostShare(telecomDoc.doc, 'telecom', 3_000);
      addCostLine(coordinatorDoc.doc, departmentSection('power'), { id: 'push-l1', category: 'materials', description: '电缆', quantityMilli: 1000, unit: '项', unitCostFen: 1_000_000, year: 2027 });
      const criteria = (await coordinator.get(`/api/cycles/${server.cycleId}/criteria`)).body as { key: string }[];
      const published = packages.find((p) => p.published)!;
      expect((await (await server.as('reviewer1')).put(`/api/packages/${published.id}/scores/mine`, { scores: criteria.map((c) => ({ criterion: c.key, score: 70 })) })).status).toBe(200);

      // who is pushed the conflict: from the one definition of its recipients
      const members: CycleMember[] = DEMO_ROLES.flatMap((role) =>
        who.get(role)!.memberships.filter((m) => m.cycleId === server.cycleId).map((m) => ({ userId: who.get(role)!.userId, role: m.role, departmentId: m.departmentId })),
      );
      const conflictIds = new Set(conflictRecipients(members, [departmentIds.get('power')!, departmentIds.get('telecom')!]).map((r) => r.userId));
      const told = DEMO_ROLES.filter((role) => conflictIds.has(who.get(role)!.userId));
      expect(told).toEqual(expect.arrayContaining(['coordinator', 'power', 'telecom']));
      for (const role of told) {
        await eventually(() => recorders.get(role)!.of('conflict').find((e) => e.conflict.packageId === id), (e) => e !== undefined, 15_000, `${role}'s conflict push`);
      }
      await eventually(() => recorders.get('power')!.of('notification').find((n) => n.kind === 'sectionEdited' && n.params.packageId === id), (n) => n !== undefined, 15_000, "power's edit notification");

      // the marker of this round reaches every role: a stage gate (a ranking push with a marked quota, and a notification for those who get them)
      // A role without the ranking (a third-party evaluator) gets no marker of its own: once every other
      // role has its marker, everything this change pushes has been emitted, and a round trip on the
      // evaluator's own socket (an acknowledged request) brings whatever was emitted to it before.
      const quotaFen = 600_000_000_07;
      await setCycle(server, { stage: 'allocation', totalQuotaFen: quotaFen });
      const withoutRanking = DEMO_ROLES.filter((role) => !canReadRanking(who.get(role)!.memberships, server.cycleId, 'allocation'));
      expect(withoutRanking).toEqual(['evaluator']);
      for (const role of DEMO_ROLES.filter((r) => !withoutRanking.includes(r))) {
        await eventually(() => recorders.get(role)!.of('ranking').find((r) => r.totals.quotaFen === quotaFen), (r) => r !== undefined, 15_000, `${role}'s marker`);
      }
      for (const role of withoutRanking) {
        const ack = await recorders.get(role)!.socket.timeout(10_000).emitWithAck('meeting:leave', { meetingId: '00000000-0000-4000-8000-000000000000' });
        expect(ack).toBeDefined();
        expect(recorders.get(role)!.of('ranking')).toEqual([]);
      }

      const found: string[] = [];
      for (const role of DEMO_ROLES) {
        const client = await server.as(role);
        const recorder = recorders.get(role)!;
        for (const event of recorder.of('conflict')) {
          const rest = await client.get(`/api/conflicts/${event.conflict.id}`);
          if (rest.status !== 200) found.push(`${role}: conflict ${event.conflict.id} (REST ${rest.status})`);
          else if (rest.body.packageId !== event.conflict.packageId || JSON.stringify(rest.body.departments) !== JSON.stringify(event.conflict.departments)) found.push(`${role}: conflict ${event.conflict.id} differs from REST`);
        }
        if (!told.includes(role) && recorder.of('conflict').length > 0) found.push(`${role}: pushed a conflict it is not a recipient of`);
        const stored = (await client.get('/api/notifications')).body as { items: { id: string }[] };
        const storedIds = new Set(stored.items.map((n) => n.id));
        for (const notification of recorder.of('notification')) {
          if (!storedIds.has(notification.id)) found.push(`${role}: notification ${notification.kind} not in its REST list`);
          const packageId = notification.params?.packageId as string | undefined;
          if (packageId && (await client.get(`/api/packages/${packageId}`)).status !== 200) found.push(`${role}: notification ${notification.kind} about a package it may not read`);
          const conflictId = notification.params?.conflictId as string | undefined;
          if (conflictId && (await client.get(`/api/conflicts/${conflictId}`)).status !== 200) found.push(`${role}: notification about a conflict it may not read`);
        }
      }
      expect(found).toEqual([]);
      // and the pushes happened at all (not a vacuous pass)
      expect(recorders.get('power')!.of('notification').some((n) => n.kind === 'conflict' && n.params.packageId === id)).toBe(true);
      expect(recorders.get('observer')!.of('conflict')).toEqual([]);
    } finally {
      for (const d of docs) d.destroy();
      for (const r of recorders.values()) r.socket.disconnect();
      await setCycle(server, { stage: 'scoring' });
    }
  });

  it('should show the observer, from the allocation stage, a ranking of only the packages its list shows', async () => {
    await setCycle(server, { stage: 'allocation' });
    try {
      const observer = await server.as('observer');
      const ranking = (await observer.get(`/api/cycles/${server.cycleId}/ranking`)).body;
      const readable = await readableIds('observer');
      expect(ranking.items.length).toBe(readable.size);
      expect(violations('observer', ranking, readable, false)).toEqual([]);
      expect(ranking.totals.requestedFen).toBe(ranking.perPackage.reduce((n: number, p: { requestedFen: number }) => n + p.requestedFen, 0));
    } finally {
      await setCycle(server, { stage: 'scoring' });
    }
  });

  it('should open /collab to each role exactly where the package rules let it read, and store writes only where they let it edit', async () => {
    const outcomes: string[] = [];
    const expected: string[] = [];
    const writeTargets = new Set([packages.find((p) => p.departments.includes('power') && p.departments.includes('telecom'))!.id, packages.find((p) => !p.published)!.id]);
    for (const role of DEMO_ROLES) {
      const client = await server.as(role);
      const memberships = who.get(role)!.memberships;
      for (const pkg of packages) {
        const mayRead = canReadPackage(memberships, facts(pkg));
        const c = connectCollab(server.api.baseUrl, pkg.id, client.token);
        try {
          const outcome = await Promise.race([
            c.synced().then(() => 'read'),
            eventually(() => c.closes[0], (x) => x !== undefined, 10_000, 'close').then((x) => `closed ${x!.code}`),
          ]);
          outcomes.push(`${role} ${pkg.code}: ${outcome}`);
          expected.push(`${role} ${pkg.code}: ${mayRead ? 'read' : 'closed 4403'}`);
          if (!mayRead || !writeTargets.has(pkg.id)) continue;
          // a write to the shared part, then the coordinator reads the stored title
          const title = `${role}-wrote-${pkg.code}`;
          setTitle(c.doc, title);
          const mayEdit = canEditPackage(memberships, facts(pkg));
          if (mayEdit) {
            await eventually(async () => (await (await server.as('coordinator')).get(`/api/packages/${pkg.id}`)).body.title, (t) => t === title, 10_000, `${role}'s title`);
          } else {
            await eventually(() => c.closes[0], (x) => x !== undefined, 10_000, `${role}'s refusal`);
            expect(c.closes[0].code).toBe(4409);
            expect((await (await server.as('coordinator')).get(`/api/packages/${pkg.id}`)).body.title).not.toBe(title);
          }
        } finally {
          c.destroy();
        }
      }
    }
    expect(outcomes).toEqual(expected);
  });

  it('should not let liaisons or reviewers derive individual scores before scoring closes, nor observers read them after', async () => {
    const pkg = packages.find((p) => p.published)!;
    for (const closed of [false, true]) {
      if (closed) await (await server.as('coordinator')).post(`/api/cycles/${server.cycleId}/scoring/close`);
      if (closed) await setCycle(server, { stage: 'allocation' });
      for (const role of DEMO_ROLES) {
        const client = await server.as(role);
        const memberships = who.get(role)!.memberships;
        const audience = audienceOf(memberships, server.cycleId)!;
        const stage: CycleStage = closed ? 'allocation' : 'scoring';
        if (canReadRanking(memberships, server.cycleId, stage)) {
          const ranking = (await client.get(`/api/cycles/${server.cycleId}/ranking`)).body;
          const breakdown = rankingVisibility(audience, closed).breakdown;
          const withParts = ranking.items.filter((i: any) => i.explanation.parts.length > 0).length;
          expect(withParts > 0, `${role} sees a per-criterion breakdown (scoring ${closed ? 'closed' : 'open'})`).toBe(breakdown);
          expect(JSON.stringify(ranking).includes('"reviewers"'), `${role} sees reviewer counts`).toBe(breakdown);
        }
        const scores = await client.get(`/api/packages/${pkg.id}/scores`);
        const access = scoreAccess(memberships, server.cycleId, closed);
        expect(scores.status, `${role} reads individual scores (scoring ${closed ? 'closed' : 'open'})`).toBe(access === 'none' ? 403 : 200);
        if (access === 'own') expect(scores.body.scores.every((s: { reviewerId: string }) => s.reviewerId === who.get(role)!.userId)).toBe(true);
      }
    }
  });
  it('should push each role the scoring queue its REST queue shows, and none to a role that has no queue', async () => {
    const recorders = new Map<DemoRole, PushRecorder>();
    for (const role of DEMO_ROLES) recorders.set(role, await recordPushes(server, await server.as(role)));
    const coordinator = await server.as('coordinator');
    const created = await coordinator.post('/api/packages', { cycleId: server.cycleId, code: 'SEC-QUEUE', title: '评分队列推送', leadDepartment: 'housing', departments: ['housing'] });
    expect(created.status).toBe(201);
    try {
      expect((await coordinator.patch(`/api/packages/${created.body.id}`, { version: created.body.version, stage: 'scoring' })).status).toBe(200);
      const found: string[] = [];
      const withQueue: DemoRole[] = [];
      for (const role of DEMO_ROLES) {
        const recorder = recorders.get(role)!;
        const rest = await (await server.as(role)).get(`/api/cycles/${server.cycleId}/queue/mine`);
        if (rest.status === 200) {
          withQueue.push(role);
          const pushed = await eventually(
            () => recorder.of('queue').find((q) => q.items.some((i: { code: string }) => i.code === 'SEC-QUEUE')),
            (q) => q !== undefined,
            15_000,
            `${role}'s queue push`,
          );
          if (JSON.stringify(pushed) !== JSON.stringify(rest.body)) found.push(`${role}: the queue pushed differs from its REST queue`);
        } else {
          // no queue over REST (403): after a round trip on its own socket, none was pushed either
          await recorder.socket.timeout(10_000).emitWithAck('meeting:leave', { meetingId: '00000000-0000-4000-8000-000000000000' });
          if (recorder.of('queue').length > 0) found.push(`${role}: pushed a queue while REST answers ${rest.status}`);
        }
      }
      expect(withQueue).toEqual(['reviewer1']);
      expect(found).toEqual([]);
    } finally {
      const now = (await coordinator.get(`/api/packages/${created.body.id}`)).body;
      await coordinator.patch(`/api/packages/${created.body.id}`, { version: now.version, stage: 'drafting' });
      for (const r of recorders.values()) r.socket.disconnect();
    }
  });
});
