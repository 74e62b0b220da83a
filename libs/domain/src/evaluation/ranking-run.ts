import type { RankingInput, RankingResult } from './model';
import { rankAndAllocate } from './rank-and-allocate';
import { isScoreTable, scoreRecords } from './score-table';

export const RANKING_RUN_FORMAT = 'zerobase.ranking-run/1';

/** What a ranking run records of the result: enough to check every funding decision and where the line is. */
export interface RankingRunOutput {
  method: RankingResult['method'];
  normalization: RankingResult['normalization'];
  allocationMode: RankingResult['allocationMode'];
  useIncrements: boolean;
  items: { id: string; rank: number; score: number; tier: string; costFen: number; funded: boolean; fundedFen: number; funding: string; tieBreak: string | null; tieBreakAgainst: string | null }[];
  cutoff: RankingResult['cutoff'];
  totals: RankingResult['totals'];
  allocationValue: number;
  optimizer?: RankingResult['optimizer'];
  /** department floors and caps and how they came out (when set) */
  departmentLimits?: RankingResult['departmentLimits'];
}

/** The part of a run that its hash covers: format, every input (settings, rule, mode, pins, mandates, alternatives, scores…) and the output. */
export interface RankingRunBody {
  format: typeof RANKING_RUN_FORMAT;
  cycleId: string;
  input: RankingInput;
  output: RankingRunOutput;
}

/** A ranking run as exported: the body, its SHA-256 over canonicalJson(body), and when it was exported (not hashed). */
export interface RankingRun extends RankingRunBody {
  hash: string;
  exportedAt: string;
}

/**
 * JSON with object keys in code-unit order and no whitespace: the same value always gives the same
 * text, whatever order its keys were built in. undefined members are left out, as JSON.stringify does.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('canonicalJson: non-finite number');
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const keys = Object.keys(value)
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
}

export function rankingRunOutput(result: RankingResult): RankingRunOutput {
  const out: RankingRunOutput = {
    method: result.method,
    normalization: result.normalization,
    allocationMode: result.allocationMode,
    useIncrements: result.useIncrements,
    items: result.items.map((i) => ({
      id: i.id,
      rank: i.rank,
      score: i.score,
      tier: i.tier,
      costFen: i.costFen,
      funded: i.funded,
      fundedFen: i.fundedFen,
      funding: i.explanation.funding,
      tieBreak: i.explanation.tieBreak,
      tieBreakAgainst: i.explanation.tieBreakAgainst,
    })),
    cutoff: result.cutoff,
    totals: result.totals,
    allocationValue: result.allocationValue,
  };
  if (result.optimizer !== undefined) out.optimizer = result.optimizer;
  if (result.departmentLimits !== undefined) out.departmentLimits = result.departmentLimits;
  return out;
}

/**
 * The body of a run of `input` (the ranking is computed here, so the output is what the input gives).
 * Scores given as a ScoreTable are recorded as score records, in the table's order.
 */
export function rankingRunBody(cycleId: string, input: RankingInput): RankingRunBody {
  const output = rankingRunOutput(rankAndAllocate(input));
  const recorded = input.scores !== undefined && isScoreTable(input.scores) ? { ...input, scores: scoreRecords(input.scores) } : input;
  return { format: RANKING_RUN_FORMAT, cycleId, input: recorded, output };
}

/**
 * Recomputes a run from its inputs and compares the output with the recorded one. Returns the path of
 * the first difference (e.g. "output.items[3].funded"), or null when the recomputation agrees.
 * The hash is checked by the caller (the library reads no crypto): sha256(canonicalJson(body)) === run.hash.
 */
export function firstOutputDifference(run: RankingRunBody): string | null {
  const recorded = JSON.parse(canonicalJson(run.output)) as Record<string, unknown>;
  const again = JSON.parse(canonicalJson(rankingRunOutput(rankAndAllocate(run.input)))) as Record<string, unknown>;
  // the items first: a changed funding decision is named by its item rather than by a total
  return firstDifference(recorded['items'], again['items'], 'output.items') ?? firstDifference(recorded, again, 'output');
}

function firstDifference(a: unknown, b: unknown, path: string): string | null {
  if (a === b) return null;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return path;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const d = firstDifference(a[i], b[i], `${path}[${i}]`);
      if (d !== null) return d;
    }
    return null;
  }
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  for (const k of keys) {
    const d = firstDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
    if (d !== null) return d;
  }
  return null;
}
