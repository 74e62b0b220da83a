import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { COST_CATEGORIES, CYCLE_STAGES, EFFORT_LEVELS, ROLES } from '@zerobase/domain';
import { ATTACHMENTS_MESSAGES } from '../attachments/attachments.messages';
import { CHANGE_MARKS_MESSAGES } from '../change-marks/change-marks.messages';
import { COLLAB_MESSAGES } from '../collab/collab.messages';
import { CONFLICTS_MESSAGES } from '../conflicts/conflicts.messages';
import { DISCLOSURE_MESSAGES } from '../disclosure/disclosure.messages';
import { EVALUATION_MESSAGES } from '../evaluation/evaluation.messages';
import { EXECUTION_MESSAGES } from '../execution/execution.messages';
import { HISTORY_MESSAGES } from '../history/history.messages';
import { MEETINGS_MESSAGES } from '../meetings/meetings.messages';
import { METRICS_MESSAGES } from '../metrics/metrics.messages';
import { NOTIFICATIONS_MESSAGES } from '../notifications/notifications.messages';
import { PRICE_CHECKS_MESSAGES } from '../price-checks/price-checks.messages';
import { ALLOCATOR_MESSAGES } from '../ranking/allocator.messages';
import { CONSOLIDATION_MESSAGES } from '../ranking/consolidation.messages';
import { RANKING_MESSAGES } from '../ranking/ranking.messages';
import { VISIBILITY_MESSAGES } from '../ranking/visibility.messages';
import { STAGE_MOVE_MESSAGES } from '../workspace/stage-move.messages';
import { WORKSPACE_MESSAGES } from '../workspace/workspace.messages';
import { LANGUAGES, MESSAGES } from './i18n';
import { MessageFormat } from './message-format';

/** every feature table by the name files register it under */
const TABLES: Record<string, Record<string, readonly string[]>> = {
  ATTACHMENTS_MESSAGES,
  CHANGE_MARKS_MESSAGES,
  COLLAB_MESSAGES,
  CONFLICTS_MESSAGES,
  DISCLOSURE_MESSAGES,
  EVALUATION_MESSAGES,
  EXECUTION_MESSAGES,
  HISTORY_MESSAGES,
  MEETINGS_MESSAGES,
  METRICS_MESSAGES,
  NOTIFICATIONS_MESSAGES,
  PRICE_CHECKS_MESSAGES,
  ALLOCATOR_MESSAGES,
  CONSOLIDATION_MESSAGES,
  RANKING_MESSAGES,
  VISIBILITY_MESSAGES,
  STAGE_MOVE_MESSAGES,
  WORKSPACE_MESSAGES,
};

type Ast = ReturnType<IntlMessageFormat['getAst']>;

/** The argument names of an ICU message, nested plural/select branches included. */
function argumentsOf(ast: Ast, into = new Set<string>()): Set<string> {
  for (const node of ast) {
    if ('value' in node && node.type !== 0 && node.type !== 7) into.add(String(node.value)); // 0 = literal, 7 = pound
    if ('options' in node) for (const option of Object.values(node.options)) argumentsOf(option.value, into);
    if ('children' in node) argumentsOf(node.children, into);
  }
  return into;
}

const HAN = /\p{Script=Han}/u;
const ALL: Record<string, readonly string[]> = Object.assign({}, MESSAGES, ...Object.values(TABLES));
const entries = Object.entries(ALL);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|html)$/.test(name) && !name.endsWith('.spec.ts') && !name.endsWith('.messages.ts') && name !== 'i18n.ts' ? [path] : [];
  });
}

describe('translations', () => {
  it('should have a non-empty message in every language for every key', () => {
    expect(entries.length).toBeGreaterThan(100);
    for (const [key, texts] of entries) {
      expect(texts, key).toHaveLength(LANGUAGES.length);
      for (const text of texts) expect(text.trim(), key).not.toBe('');
    }
  });

  it('should parse every message as ICU and use the same placeholders in both languages', () => {
    for (const [key, [zh, en]] of entries) {
      const zhArgs = argumentsOf(new IntlMessageFormat(zh, 'zh-CN').getAst());
      const enArgs = argumentsOf(new IntlMessageFormat(en, 'en').getAst());
      expect([...enArgs].sort(), `placeholders of ${key}`).toEqual([...zhArgs].sort());
    }
  });

  it('should keep Chinese out of the English messages', () => {
    const allowed = new Set(['common.language']); // the name of the other language, in that language
    for (const [key, [, en]] of entries) if (!allowed.has(key)) expect(HAN.test(en), `${key}: ${en}`).toBe(false);
  });

  it('should define each key once, in MESSAGES or in one feature table', () => {
    const where = new Map<string, string>(Object.keys(MESSAGES).map((key) => [key, 'MESSAGES']));
    const twice: string[] = [];
    for (const [name, table] of Object.entries(TABLES)) {
      for (const key of Object.keys(table)) {
        if (where.has(key)) twice.push(`${key}: ${where.get(key)} and ${name}`);
        where.set(key, name);
      }
    }
    expect(twice).toEqual([]);
  });

  it('should know every key a file asks for from MESSAGES or a table that file registers', () => {
    const root = join(__dirname, '..');
    const missing: string[] = [];
    const prefixes: string[] = [];
    for (const file of sourceFiles(root).filter((f) => f.endsWith('.ts'))) {
      const ts = readFileSync(file, 'utf8');
      const templateUrl = /templateUrl: '([^']+)'/.exec(ts)?.[1];
      const text = templateUrl ? ts + readFileSync(join(dirname(file), templateUrl), 'utf8') : ts;
      const tables = [...ts.matchAll(/registerMessages\((\w+)\)/g)].map((m) => m[1]);
      for (const name of tables) expect(TABLES[name], `${file} registers ${name}`).toBeDefined();
      const known = (key: string) => key in MESSAGES || tables.some((name) => key in TABLES[name]);
      const check = (key: string) => {
        if (!known(key)) missing.push(`${file}: ${key}`);
      };
      for (const m of text.matchAll(/(?:i18n\.t|\bt)\(\s*'([A-Za-z0-9_.]+)'(\s*\+)?/g)) {
        if (!m[2]) check(m[1]);
        else if (!Object.keys(ALL).some((key) => key.startsWith(m[1]) && known(key))) prefixes.push(`${file}: ${m[1]}…`);
      }
      for (const m of text.matchAll(/(?:i18n\.t|\bt)\(\s*`([A-Za-z0-9_.]+)\$\{/g)) {
        if (!Object.keys(ALL).some((key) => key.startsWith(m[1]) && known(key))) prefixes.push(`${file}: ${m[1]}…`);
      }
      for (const m of text.matchAll(/(?:emptyKey|backLabel|label)="'?([a-z]+\.[A-Za-z0-9_.]+)'?"/g)) check(m[1]);
      for (const m of text.matchAll(/(?:label|key): '([a-z]+\.[A-Za-z0-9_.]+)'/g)) check(m[1]);
    }
    expect(missing).toEqual([]);
    expect(prefixes).toEqual([]);
    // the keys built from the domain's enumerations, asked for anywhere
    const built = [
      ...CYCLE_STAGES.map((s) => `stage.${s}`),
      ...ROLES.map((r) => `role.${r}`),
      ...['high', 'medium', 'low'].map((t) => `tier.${t}`),
      ...COST_CATEGORIES.map((c) => `category.${c}`),
      ...EFFORT_LEVELS.map((l) => `level.${l}`),
    ];
    expect(built.filter((key) => !(key in MESSAGES))).toEqual([]);
    const conflictKinds = ['concurrentOverwrite', 'editDelete', 'splitInvariant', 'envelope', 'quota', 'duplicateWork'].map((k) => `conflictKind.${k}`);
    expect(conflictKinds.filter((key) => !(key in STAGE_MOVE_MESSAGES))).toEqual([]);
  });

  it('should format every message in both languages as intl-messageformat does', () => {
    const samples = [0, 1, 2, 5, 21, 1234.5].map((n) => ({ n, count: n, total: '5.00', stage: 'x', w: '0.8' }));
    let compared = 0;
    for (const [key, texts] of entries) {
      texts.forEach((text, i) => {
        const locale = LANGUAGES[i];
        const reference = new IntlMessageFormat(text, locale);
        const names = [...argumentsOf(reference.getAst())];
        for (const sample of samples) {
          const values: Record<string, string | number> = Object.fromEntries(names.map((name) => [name, name in sample ? sample[name as keyof typeof sample] : `‹${name}›`]));
          for (const name of names) if (typeof values[name] === 'string' && /plural/.test(text) && new RegExp(`\\{${name},\\s*plural`).test(text)) values[name] = sample.n;
          expect(new MessageFormat(text, locale).format(values), `${key} [${locale}] ${JSON.stringify(values)}`).toBe(String(reference.format(values)));
          compared++;
        }
      });
    }
    expect(compared).toBeGreaterThan(1000);
    expect(new MessageFormat("Kendall's W '{'x'}' {a}", 'en').format({ a: 1 })).toBe("Kendall's W {x} 1");
    expect(() => new MessageFormat('{n, number}', 'en')).toThrow(/unsupported/);
    expect(() => new MessageFormat('{n}', 'en').format({})).toThrow(/n/);
  });

  it('should format plurals and parameters', () => {
    const en = (key: string, params: Record<string, string | number>) => new MessageFormat(ALL[key][1], 'en').format(params);
    expect(en('packages.count', { n: 1, total: '5.00' })).toBe('1 package, 5.00 (10k yuan) in all');
    expect(en('packages.count', { n: 20, total: '5.00' })).toBe('20 packages, 5.00 (10k yuan) in all');
  });
});
