import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AllocationMode, ConsolidationOverride, RankingInput, RankingPackage, RankingResult, RawScore, UnitOrder } from './model';
import { rankAndAllocate } from './rank-and-allocate';
import { ONE_CRITERION } from './spec-helpers';

const LEVELS = ['minimum', 'current', 'enhanced'] as const;
const UNITS = ['u0', 'u1', 'u2', 'u3'];

interface Case {
  input: RankingInput;
  /** per unit: parent unit index (< its own) or -1: a random hierarchy */
  parents: number[];
  overrides: ConsolidationOverride[];
}

/** Small random cycles: units with random orders of some of their packages, acyclic overrides, ties, increments. */
const arbCase = fc
  .record({
    packages: fc.array(
      fc.record({
        score: fc.integer({ min: 0, max: 20 }).map((s) => s * 5), // few distinct scores: many ties
        cost: fc.integer({ min: 1, max: 100 }),
        unit: fc.integer({ min: -1, max: 3 }),
        listed: fc.boolean(),
        listKey: fc.integer({ min: 0, max: 1000 }),
        /** a hidden order per unit the overrides agree with, so that they are acyclic */
        overrideKey: fc.integer({ min: 0, max: 1000 }),
        levels: fc.option(fc.array(fc.integer({ min: 1, max: 60 }), { minLength: 1, maxLength: 3 }), { nil: undefined }),
      }),
      { minLength: 1, maxLength: 12 },
    ),
    pairs: fc.array(fc.tuple(fc.nat(11), fc.nat(11)), { maxLength: 6 }),
    parents: fc.tuple(fc.constant(-1), fc.integer({ min: -1, max: 0 }), fc.integer({ min: -1, max: 1 }), fc.integer({ min: -1, max: 2 })),
    quotaFen: fc.integer({ min: 0, max: 600 }),
    useIncrements: fc.boolean(),
  })
  .map(({ packages, pairs, parents, quotaFen, useIncrements }): Case => {
    const id = (i: number) => `p${i}`;
    const pkgs: RankingPackage[] = packages.map((p, i) => {
      // without a unit id, its only department (one of its own) is its unit: a unit of one
      const out: RankingPackage = { id: id(i), costFen: p.cost, submittedAt: null, departmentShares: [{ departmentId: `solo${i}`, basisPoints: 10_000 }] };
      if (p.unit >= 0) out.unitId = UNITS[p.unit]!;
      if (p.levels !== undefined) out.levels = p.levels.map((costFen, k) => ({ level: LEVELS[k]!, costFen }));
      return out;
    });
    const unitOrders: UnitOrder[] = UNITS.map((unitId, u) => ({
      unitId,
      packageIds: packages
        .map((p, i) => ({ p, i }))
        .filter(({ p }) => p.unit === u && p.listed)
        .sort((a, b) => a.p.listKey - b.p.listKey || a.i - b.i)
        .map(({ i }) => id(i)),
    })).filter((o) => o.packageIds.length > 0);
    const seen = new Set<string>();
    const overrides: ConsolidationOverride[] = [];
    for (const [a, b] of pairs) {
      if (a >= packages.length || b >= packages.length || a === b) continue;
      const pa = packages[a]!;
      const pb = packages[b]!;
      if (pa.unit < 0 || pa.unit !== pb.unit) continue;
      // x above y only when x comes first in the hidden order: never a cycle
      const [x, y] = pa.overrideKey < pb.overrideKey || (pa.overrideKey === pb.overrideKey && a < b) ? [a, b] : [b, a];
      if (seen.has(`${x}/${y}`)) continue;
      seen.add(`${x}/${y}`);
      overrides.push({ packageId: id(x), aboveId: id(y), reason: `why ${x} above ${y}` });
    }
    const scores: RawScore[] = packages.map((p, i) => ({ reviewerId: 'r', packageId: id(i), criterionKey: 'q', score: p.score }));
    return {
      input: { settings: { quotaFen, reserveBasisPoints: 0, criteria: ONE_CRITERION, useIncrements, consolidation: { unitOrders, overrides, units: UNITS.map((u, k) => ({ id: u, parentId: parents[k]! >= 0 ? UNITS[parents[k]!]! : null })) } }, packages: pkgs, scores },
      parents: [...parents],
      overrides,
    };
  });

const off = (input: RankingInput): RankingResult => {
  const { consolidation: _, ...settings } = input.settings;
  return rankAndAllocate({ ...input, settings });
};
const withMode = (input: RankingInput, allocationMode: AllocationMode): RankingResult => rankAndAllocate({ ...input, settings: { ...input.settings, allocationMode } });
const ordinalOf = (item: RankingResult['items'][number]) => item.explanation.increment?.ordinal ?? 0;

/** A unit's order before overrides: its list, then its other packages in the order they score. */
function baseUnitOrder(c: Case, unitId: string, scoring: RankingResult): string[] {
  const listed = c.input.settings.consolidation!.unitOrders!.find((o) => o.unitId === unitId)?.packageIds ?? [];
  const rest = scoring.items.filter((i) => ordinalOf(i) === 0 && unitOf(c, i.packageId) === unitId && !listed.includes(i.packageId)).map((i) => i.packageId);
  return [...listed, ...rest];
}
const unitOf = (c: Case, packageId: string) => c.input.packages.find((p) => p.id === packageId)!.unitId ?? null;

/** The reference merge: again and again the head, among the chains, that comes first in the scoring order. */
function greedyMerge(chains: readonly (readonly string[])[], position: ReadonlyMap<string, number>): string[] {
  const heads = chains.map(() => 0);
  const out: string[] = [];
  for (;;) {
    let best = -1;
    chains.forEach((chain, k) => {
      if (heads[k]! < chain.length && (best < 0 || position.get(chain[heads[k]!]!)! < position.get(chains[best]![heads[best]!]!)!)) best = k;
    });
    if (best < 0) return out;
    out.push(chains[best]![heads[best]!++]!);
  }
}

describe('consolidation properties', () => {
  it("keeps every unit's order (amended only by its overrides) in every allocation mode, level by level", () => {
    fc.assert(
      fc.property(arbCase, fc.constantFrom<AllocationMode>('strict', 'skipAndContinue', 'optimal'), (c, mode) => {
        const r = withMode(c.input, mode);
        const scoring = off(c.input);
        const lifted = new Set(c.overrides.map((o) => o.packageId));
        for (const unitId of UNITS) {
          const base = baseUnitOrder(c, unitId, scoring);
          if (base.length === 0) continue;
          const unitOrder = r.items
            .filter((i) => ordinalOf(i) === 0 && i.explanation.consolidation?.unitId === unitId)
            .sort((a, b) => a.explanation.consolidation!.unitRank - b.explanation.consolidation!.unitRank)
            .map((i) => i.packageId);
          expect(new Set(unitOrder)).toEqual(new Set(base));
          // level by level, the consolidated order restricted to the unit is the unit's order
          for (let k = 0; k < LEVELS.length; k++) {
            const restricted = r.items.filter((i) => ordinalOf(i) === k && unitOf(c, i.packageId) === unitId).map((i) => i.packageId);
            expect(restricted).toEqual(unitOrder.filter((p) => restricted.includes(p)));
          }
          const own = c.overrides.filter((o) => unitOf(c, o.packageId) === unitId);
          if (own.length === 0) expect(unitOrder).toEqual(base);
          for (const o of own) expect(unitOrder.indexOf(o.packageId)).toBeLessThan(unitOrder.indexOf(o.aboveId));
          // only the lifted packages move: the others keep the unit's order among themselves
          expect(unitOrder.filter((p) => !lifted.has(p))).toEqual(base.filter((p) => !lifted.has(p)));
        }
        expect(r.totals.allocatedFen).toBeLessThanOrEqual(r.totals.availableFen);
      }),
      { numRuns: 200 },
    );
  });

  it('is the stable merge of the units’ orders by score, the same merged up any hierarchy as all at once', () => {
    fc.assert(
      fc.property(arbCase, (c) => {
        const input: RankingInput = { ...c.input, settings: { ...c.input.settings, useIncrements: false } };
        const r = rankAndAllocate(input);
        const position = new Map(off(input).items.map((i, k) => [i.packageId, k] as const));
        const chainOf = (unitId: string) =>
          r.items
            .filter((i) => i.explanation.consolidation?.unitId === unitId)
            .sort((a, b) => a.explanation.consolidation!.unitRank - b.explanation.consolidation!.unitRank)
            .map((i) => i.packageId);
        const loose = r.items.filter((i) => !UNITS.includes(i.explanation.consolidation!.unitId)).map((i) => [i.packageId]);
        const flat = greedyMerge([...UNITS.map(chainOf), ...loose], position);
        expect(r.items.map((i) => i.packageId)).toEqual(flat);
        // up the tree: each unit merged with its divisions' consolidated orders, then the top-level units
        const merged = (u: number): string[] => greedyMerge([chainOf(UNITS[u]!), ...UNITS.flatMap((_, k) => (c.parents[k] === u ? [merged(k)] : []))], position);
        const tops = UNITS.flatMap((_, u) => (c.parents[u]! < 0 ? [merged(u)] : []));
        expect(greedyMerge([...tops, ...loose], position)).toEqual(flat);
      }),
      { numRuns: 200 },
    );
  });

  it('changes nothing when no unit sets an order, and names what held each package down', () => {
    fc.assert(
      fc.property(arbCase, (c) => {
        const plain = { ...c.input, settings: { ...c.input.settings, useIncrements: false, consolidation: {} } };
        expect(rankAndAllocate(plain).items.map((i) => [i.id, i.funded])).toEqual(off(plain).items.map((i) => [i.id, i.funded]));

        // whole packages: there the order without consolidation is the scoring order itself
        const whole = { ...c.input, settings: { ...c.input.settings, useIncrements: false } };
        const r = rankAndAllocate(whole);
        const scoring = new Map(off(whole).items.map((i, k) => [i.id, k] as const));
        const at = new Map(r.items.map((i, k) => [i.id, k] as const));
        r.items.forEach((item, k) => {
          const held = item.explanation.consolidation?.heldBy;
          const worseBefore = r.items.slice(0, k).some((other) => scoring.get(other.id)! > scoring.get(item.id)!);
          if (held !== undefined) {
            // the package directly above it in its unit's order, at the same level, placed before it
            const by = r.items[at.get(held)!]!;
            expect(at.get(held)).toBeLessThan(k);
            expect(by.explanation.consolidation!.unitId).toBe(item.explanation.consolidation!.unitId);
            expect(by.explanation.consolidation!.unitRank).toBeLessThan(item.explanation.consolidation!.unitRank);
            expect(worseBefore).toBe(true);
          } else {
            // its unit did not hold it: nothing that scores less is above it
            expect(worseBefore).toBe(false);
          }
        });
        // strict: funded down the consolidated order until the first item that does not fit
        const strict = withMode(c.input, 'strict');
        const first = strict.items.findIndex((i) => !i.funded);
        if (first >= 0) expect(strict.items.slice(first).some((i) => i.funded)).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it('explains below the line on the consolidated order: "needs +Y" exact, no score to beat within its own unit', () => {
    fc.assert(
      fc.property(arbCase, fc.constantFrom<AllocationMode>('strict', 'skipAndContinue'), (c, mode) => {
        const run = (quotaFen: number) => rankAndAllocate({ ...c.input, settings: { ...c.input.settings, allocationMode: mode, quotaFen } });
        const r = run(c.input.settings.quotaFen);
        const at = new Map(r.items.map((i) => [i.id, i] as const));
        for (const item of r.items.filter((i) => !i.funded)) {
          const below = item.explanation.belowLine!;
          expect(below.extraQuotaFen).not.toBeNull();
          expect(run(c.input.settings.quotaFen + below.extraQuotaFen!).items.find((i) => i.id === item.id)!.funded).toBe(true);
          expect(run(c.input.settings.quotaFen + below.extraQuotaFen! - 1).items.find((i) => i.id === item.id)!.funded).toBe(false);
          const unit = item.explanation.consolidation!.unitId;
          if (below.beat !== null) expect(at.get(below.beat.itemId)!.explanation.consolidation!.unitId).not.toBe(unit);
          if (below.unitAbove !== undefined) {
            // an unfunded item above it in its unit (directly above it among the packages with its level)
            const above = at.get(below.unitAbove.itemId)!;
            expect(above.funded).toBe(false);
            expect(above.explanation.consolidation!.unitId).toBe(unit);
            expect(above.explanation.consolidation!.unitRank).toBeLessThan(item.explanation.consolidation!.unitRank);
            expect(ordinalOf(above)).toBe(ordinalOf(item));
            expect(below.beat).toBeNull();
          }
        }
      }),
      { numRuns: 150 },
    );
  });
});
