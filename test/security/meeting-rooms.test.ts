import { audienceOf, canJoinMeeting, rankingVisibility } from '@zerobase/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/collab-client';
import { startDemoServer, type DemoServer } from '../support/demo-server';
import { DEMO_ROLES, me, packageIdsIn, recordPushes, type DemoRole, type Me, type PushRecorder } from './channels';

/**
 * The meeting room follows the one visibility definition: every push is built for the audience
 * that reads it, and membership changes re-check who is in the room.
 */
let server: DemoServer;
const who = new Map<DemoRole, Me>();
const departmentIds = new Map<string, string>();
let meetingId: string;
let invited: string[];
const recorders = new Map<DemoRole, PushRecorder>();

beforeAll(async () => {
  server = await startDemoServer();
  for (const role of DEMO_ROLES) who.set(role, await me(await server.as(role)));
  const coordinator = await server.as('coordinator');
  for (const d of (await coordinator.get('/api/departments')).body) departmentIds.set(d.code, d.id);
  const packages = (await coordinator.get(`/api/cycles/${server.cycleId}/packages`)).body as { id: string }[];
  const created = await coordinator.post(`/api/cycles/${server.cycleId}/meetings`, {
    title: '联席会议（可见性）',
    scheduledAt: '2026-12-03T09:00:00+08:00',
    invitedDepartments: ['power', 'telecom'],
    agenda: [{ packageId: packages[0]!.id }, { title: '其他事项' }],
  });
  expect(created.status).toBe(201);
  meetingId = created.body.id;
  invited = ['power', 'telecom'].map((code) => departmentIds.get(code)!);
  expect((await coordinator.post(`/api/meetings/${meetingId}/start`)).status).toBe(200);
  for (const role of DEMO_ROLES) recorders.set(role, await recordPushes(server, await server.as(role)));
}, 180_000);

afterAll(async () => {
  for (const r of recorders.values()) r.socket.disconnect();
  await server?.close();
});

function join(role: DemoRole): Promise<any> {
  return recorders.get(role)!.socket.timeout(10_000).emitWithAck('meeting:join', { meetingId });
}

async function membershipsOf(role: DemoRole): Promise<{ id: string; userId: string; role: string }[]> {
  const all = (await (await server.as('coordinator')).get(`/api/cycles/${server.cycleId}/memberships`)).body as { id: string; userId: string; role: string }[];
  return all.filter((m) => m.userId === who.get(role)!.userId);
}

async function moveTo(agendaPosition: number): Promise<void> {
  expect((await (await server.as('coordinator')).put(`/api/meetings/${meetingId}/position`, { agendaPosition })).status).toBe(200);
}

/** What a ranking shows beyond what the role's REST ranking may show (libs/domain visibility); empty when nothing. */
function violations(label: string, ranking: any, rest: any, breakdown: boolean): string[] {
  const out: string[] = [];
  const readable = packageIdsIn(rest);
  const extra = [...packageIdsIn(ranking)].filter((id) => !readable.has(id));
  if (extra.length) out.push(`${label}: ${extra.length} packages its REST ranking hides`);
  if (!breakdown && ranking.items.some((i: any) => i.explanation.parts.length > 0 || i.explanation.missingCriteria.length > 0 || i.explanation.borda || i.explanation.schulze)) {
    out.push(`${label}: a per-criterion breakdown`);
  }
  if (!breakdown && JSON.stringify(ranking).includes('"reviewers"')) out.push(`${label}: reviewer counts`);
  if (ranking.items.some((i: any) => i.explanation.conflictedReviewers.length > 0) && rest.items.every((i: any) => i.explanation.conflictedReviewers.length === 0)) {
    out.push(`${label}: reviewer identities`);
  }
  if (ranking.excludedForConflict !== rest.excludedForConflict) out.push(`${label}: conflict exclusions ${ranking.excludedForConflict} (REST ${rest.excludedForConflict})`);
  return out;
}

describe('the meeting room follows the visibility definition', () => {
  it('should send every role in the room a what-if preview showing nothing its REST ranking hides', async () => {
    const joined: DemoRole[] = [];
    for (const role of DEMO_ROLES) {
      const mayJoin = canJoinMeeting(who.get(role)!.memberships, { cycleId: server.cycleId, invitedDepartmentIds: invited });
      const ack = await join(role);
      expect(ack.ok, `${role} joins the meeting room`).toBe(mayJoin);
      if (mayJoin) joined.push(role);
    }
    // the definition puts someone of each kind in the room: a coordinator and liaisons or reviewers
    expect(new Set(joined.map((role) => audienceOf(who.get(role)!.memberships, server.cycleId)))).toEqual(new Set(['coordinator', 'member']));

    const quotaFen = 500_000_000_03;
    const preview = await (await server.as('coordinator')).post(`/api/meetings/${meetingId}/what-if`, { quotaFen });
    expect(preview.status).toBe(200);
    // the coordinator's own preview has the breakdown the others must not get (else the check below proves nothing)
    expect(preview.body.ranking.items.some((i: any) => i.explanation.parts.length > 0)).toBe(true);

    const found: string[] = [];
    for (const role of joined) {
      const client = await server.as(role);
      const audience = audienceOf(who.get(role)!.memberships, server.cycleId)!;
      const { breakdown } = rankingVisibility(audience, false);
      // positive signal: this role's preview arrived
      const pushed = await eventually(
        () => recorders.get(role)!.of('meeting:preview').find((e) => e.preview?.overrides.quotaFen === quotaFen),
        (e) => e !== undefined,
        10_000,
        `${role}'s preview`,
      );
      const rest = (await client.get(`/api/cycles/${server.cycleId}/ranking`)).body;
      for (const event of recorders.get(role)!.of('meeting:preview')) if (event.preview) found.push(...violations(`${role} push`, event.preview.ranking, rest, breakdown));
      // the meeting read over REST (and in the join acknowledgement) shows the same preview
      const view = (await client.get(`/api/meetings/${meetingId}`)).body;
      expect(view.preview, `${role}'s meeting view`).toEqual(pushed.preview);
      if (breakdown) expect(pushed.preview.ranking.items.some((i: any) => i.explanation.parts.length > 0), `${role} sees the breakdown`).toBe(true);
    }
    expect(found).toEqual([]);
    // nobody outside the room got a preview (the members' previews above were sent after theirs would have been)
    for (const role of DEMO_ROLES.filter((r) => !joined.includes(r))) expect(recorders.get(role)!.of('meeting:preview'), role).toEqual([]);
    expect((await (await server.as('coordinator')).post(`/api/meetings/${meetingId}/what-if/discard`)).status).toBe(200);
  });

  it('should move a user to their new audience’s room when a membership is added, keeping them in the meeting', async () => {
    expect((await join('power')).ok).toBe(true);
    const coordinator = await server.as('coordinator');
    const added = await coordinator.post(`/api/cycles/${server.cycleId}/memberships`, { userId: who.get('power')!.userId, role: 'coordinator' });
    expect(added.status).toBe(201);
    const power = recorders.get('power')!;
    await eventually(() => power.of('rooms').length, (n) => n >= 1, 10_000, 'power’s room refresh');
    try {
      // still in the room: the next position arrives
      await moveTo(1);
      await eventually(() => power.of('meeting:position').some((e) => e.agendaPosition === 1), (x) => x, 10_000, 'power’s position after the change');
      // and it now reads the preview as a coordinator
      const quotaFen = 500_000_000_04;
      expect((await coordinator.post(`/api/meetings/${meetingId}/what-if`, { quotaFen })).status).toBe(200);
      const pushed = await eventually(() => power.of('meeting:preview').find((e) => e.preview?.overrides.quotaFen === quotaFen), (e) => e !== undefined, 10_000, 'power’s preview as coordinator');
      expect(pushed.preview.ranking.items.some((i: any) => i.explanation.parts.length > 0)).toBe(true);
    } finally {
      const extra = (await membershipsOf('power')).find((m) => m.role === 'coordinator')!;
      expect((await coordinator.delete(`/api/cycles/${server.cycleId}/memberships/${extra.id}`)).status).toBe(204);
    }
    // back to a member: the next preview has no breakdown again
    await eventually(() => power.of('rooms').length, (n) => n >= 2, 10_000, 'power’s second room refresh');
    const quotaFen = 500_000_000_05;
    expect((await coordinator.post(`/api/meetings/${meetingId}/what-if`, { quotaFen })).status).toBe(200);
    const pushed = await eventually(() => power.of('meeting:preview').find((e) => e.preview?.overrides.quotaFen === quotaFen), (e) => e !== undefined, 10_000, 'power’s preview as member');
    expect(pushed.preview.ranking.items.some((i: any) => i.explanation.parts.length > 0)).toBe(false);
    expect(power.of('meeting:preview').filter((e) => e.preview?.overrides.quotaFen === quotaFen)).toHaveLength(1);
    expect((await coordinator.post(`/api/meetings/${meetingId}/what-if/discard`)).status).toBe(200);
  });

  it('should take a user out of the meeting room when their membership is deleted, and stop its events', async () => {
    expect((await join('telecom')).ok).toBe(true);
    expect((await join('power')).ok).toBe(true);
    const coordinator = await server.as('coordinator');
    const telecom = recorders.get('telecom')!;
    const power = recorders.get('power')!;
    const membership = (await membershipsOf('telecom')).find((m) => m.role === 'liaison')!;
    expect((await coordinator.delete(`/api/cycles/${server.cycleId}/memberships/${membership.id}`)).status).toBe(204);
    const left = await eventually(() => telecom.of('meeting:left')[0], (e) => e !== undefined, 10_000, 'telecom taken out of the room');
    expect(left.meetingId).toBe(meetingId);

    // events after the removal: a position and a preview; power (still in) receives both as the marker
    await moveTo(0);
    const quotaFen = 500_000_000_06;
    expect((await coordinator.post(`/api/meetings/${meetingId}/what-if`, { quotaFen })).status).toBe(200);
    await eventually(() => power.of('meeting:preview').some((e) => e.preview?.overrides.quotaFen === quotaFen), (x) => x, 10_000, 'power’s preview');
    expect((await join('telecom')).ok, 'telecom rejoins without a membership').toBe(false);

    // positive signal on telecom's own socket: re-admitted and rejoined, it receives the next event
    expect((await coordinator.post(`/api/cycles/${server.cycleId}/memberships`, { userId: who.get('telecom')!.userId, role: 'liaison', department: 'telecom' })).status).toBe(201);
    expect((await join('telecom')).ok).toBe(true);
    await moveTo(1);
    await eventually(() => telecom.pushes.findIndex((p) => p.event === 'meeting:position'), (i) => i >= 0, 10_000, 'telecom’s position after rejoining');
    // nothing of the meeting reached telecom between being taken out and rejoining
    const events = telecom.pushes.map((p) => p.event);
    const out = events.indexOf('meeting:left');
    const afterOut = telecom.pushes.slice(out + 1).filter((p) => p.event.startsWith('meeting:'));
    expect(afterOut.map((p) => [p.event, p.payload.agendaPosition ?? null])).toEqual([
      ['meeting:position', 1],
    ]);
  });
});
