import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../support/demo-server';

let server: DemoServer;

beforeAll(async () => {
  server = await startDemoServer();
});
afterAll(async () => {
  await server?.close();
});

interface Panel {
  scoringClosed: boolean;
  kendallW: number | null;
  kendallReviewers: number;
  criteria: { criterionKey: string; icc: number | null }[];
  reviewers: { reviewerId: string; bias: number; flags: string[] }[];
  packages: { packageId: string; reviewers: number; flags: string[] }[];
  codes: Record<string, string>;
  reviewerNames: Record<string, string>;
}

describe('panel calibration through the API', () => {
  it('should give the coordinator bias, agreement and flags before scoring closes, and refuse everyone else', async () => {
    const coordinator = await server.as('coordinator');
    const cycleId = server.cycleId;
    const first = await coordinator.get(`/api/cycles/${cycleId}/panel-calibration`);
    expect(first.status).toBe(200);
    const panel = first.body as Panel;
    expect(panel.scoringClosed).toBe(false);
    expect(panel.reviewers.length).toBeGreaterThanOrEqual(2);
    expect(panel.kendallW).not.toBeNull();
    expect(panel.kendallW!).toBeGreaterThanOrEqual(0);
    expect(panel.kendallW!).toBeLessThanOrEqual(1);
    const criteria = (await coordinator.get(`/api/cycles/${cycleId}/criteria`)).body as { key: string }[];
    expect(panel.criteria.map((c) => c.criterionKey)).toEqual(criteria.map((c) => c.key));
    for (const r of panel.reviewers) expect(panel.reviewerNames[r.reviewerId]).toBeTruthy();
    // biases are centred on the panel
    expect(Math.abs(panel.reviewers.reduce((s, r) => s + r.bias, 0))).toBeLessThan(1e-3);

    // one reviewer turns lenient on every package they score: flagged, the others not for that
    const reviewer = await server.as('reviewer1');
    const queue = (await reviewer.get(`/api/cycles/${cycleId}/queue/mine`)).body as { items: { packageId: string; status: string }[] };
    const entries = queue.items.filter((i) => i.status !== 'recused');
    expect(entries.length).toBeGreaterThan(0);
    for (const e of entries) {
      const put = await reviewer.put(`/api/packages/${e.packageId}/scores/mine`, { scores: criteria.map((c) => ({ criterion: c.key, score: 100 })) });
      expect(put.status).toBe(200);
    }
    const after = (await coordinator.get(`/api/cycles/${cycleId}/panel-calibration`)).body as Panel;
    const flagged = after.reviewers.filter((r) => r.flags.includes('lenient'));
    expect(flagged.length).toBe(1);
    expect(flagged[0]!.bias).toBeGreaterThan(10);
    expect(after.reviewers.filter((r) => r.reviewerId !== flagged[0]!.reviewerId).every((r) => !r.flags.includes('lenient'))).toBe(true);

    // the correction as a normalization: stored, and the ranking reports it (on the demo every reviewer scores every
    // package, so the centred biases cancel in each mean; the unit spec shows the effect on an incomplete panel)
    expect((await coordinator.put(`/api/cycles/${cycleId}/evaluation-settings`, { normalization: 'calibrated' })).status).toBe(200);
    const calibrated = (await coordinator.get(`/api/cycles/${cycleId}/ranking`)).body as { settings: { normalization: string }; items: { explanation: { normalization: string } }[] };
    expect(calibrated.settings.normalization).toBe('calibrated');
    expect(calibrated.items.every((i) => i.explanation.normalization === 'calibrated')).toBe(true);
    expect((await coordinator.put(`/api/cycles/${cycleId}/evaluation-settings`, { normalization: 'median' })).status).toBe(400);

    // reviewers and liaisons do not get it (it carries every reviewer's bias)
    expect((await reviewer.get(`/api/cycles/${cycleId}/panel-calibration`)).status).toBe(403);
    expect((await (await server.as('power')).get(`/api/cycles/${cycleId}/panel-calibration`)).status).toBe(403);
  });
});
