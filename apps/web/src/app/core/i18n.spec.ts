import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { COST_CATEGORIES, CYCLE_STAGES, EFFORT_LEVELS, ROLES } from '@zerobase/domain';
import { LANGUAGES, MESSAGES } from './i18n';

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
const entries = Object.entries(MESSAGES as Record<string, readonly string[]>);

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

  it('should know every key the templates and components ask for', () => {
    const root = join(__dirname, '..');
    const missing: string[] = [];
    const prefixes = new Set<string>();
    for (const file of sourceFiles(root)) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/i18n\.t\(\s*'([A-Za-z0-9_.]+)'(\s*\+)?/g)) {
        if (m[2]) prefixes.add(m[1]);
        else if (!(m[1] in MESSAGES)) missing.push(`${file}: ${m[1]}`);
      }
      for (const m of text.matchAll(/(?:emptyKey|backLabel|label)="'?([a-z]+\.[A-Za-z0-9_.]+)'?"/g)) if (!(m[1] in MESSAGES)) missing.push(`${file}: ${m[1]}`);
      for (const m of text.matchAll(/(?:label|key): '([a-z]+\.[A-Za-z0-9_.]+)'/g)) if (!(m[1] in MESSAGES)) missing.push(`${file}: ${m[1]}`);
    }
    expect(missing).toEqual([]);
    for (const prefix of prefixes) expect(entries.some(([key]) => key.startsWith(prefix)), `keys under ${prefix}`).toBe(true);
    // the keys built from the domain's enumerations
    const built = [
      ...CYCLE_STAGES.map((s) => `stage.${s}`),
      ...ROLES.map((r) => `role.${r}`),
      ...['high', 'medium', 'low'].map((t) => `tier.${t}`),
      ...COST_CATEGORIES.map((c) => `category.${c}`),
      ...EFFORT_LEVELS.map((l) => `level.${l}`),
      ...['concurrentOverwrite', 'editDelete', 'splitInvariant', 'envelope', 'quota', 'duplicateWork'].map((k) => `conflictKind.${k}`),
    ];
    expect(built.filter((key) => !(key in MESSAGES))).toEqual([]);
  });

  it('should format plurals and parameters through ICU', () => {
    const en = (key: string, params: Record<string, string | number>) => String(new IntlMessageFormat((MESSAGES as Record<string, readonly string[]>)[key][1], 'en').format(params));
    expect(en('packages.count', { n: 1, total: '5.00' })).toBe('1 package, 5.00 (10k yuan) in all');
    expect(en('packages.count', { n: 20, total: '5.00' })).toBe('20 packages, 5.00 (10k yuan) in all');
  });
});
