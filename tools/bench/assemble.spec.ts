import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module of the bench tools, without type declarations
import { assemble, beginMarker, endMarker, INTRODUCTION } from './assemble.mjs';

const relay = (run: string) => `# Relay\n\nRun ${run}.\n\n## Open loop\n\n| a | b |\n| --- | --- |\n| 1 | 2 |\n`;
const ranking = (run: string) => `# Ranking\n\nRanking run ${run}.\n`;

describe('assembling docs/benchmarks.md', () => {
  it('builds a new page: the introduction, then each file under its title, headings one level down, between its markers', () => {
    const page = assemble(null, [
      { out: 'docs/r.md', text: relay('1') },
      { out: 'docs/k.md', text: ranking('1') },
    ]);
    expect(page.startsWith(INTRODUCTION)).toBe(true);
    expect(page).toContain(`## Relay\n\n${beginMarker('docs/r.md')}\nRun 1.\n\n### Open loop\n\n| a | b |\n| --- | --- |\n| 1 | 2 |\n${endMarker('docs/r.md')}`);
    expect(page).toContain(`## Ranking\n\n${beginMarker('docs/k.md')}\nRanking run 1.\n${endMarker('docs/k.md')}\n`);
    expect(page.indexOf('## Relay')).toBeLessThan(page.indexOf('## Ranking'));
  });

  it('replaces only what is between a file’s markers; what was written by hand around them stays as it is', () => {
    const first = assemble(null, [
      { out: 'docs/r.md', text: relay('1') },
      { out: 'docs/k.md', text: ranking('1') },
    ]);
    const edited = first
      .replace('# Benchmarks\n', '# Benchmarks\n\nA note on the page.\n')
      .replace(`## Ranking\n\n`, `## Ranking\n\nThe full table is elsewhere.\n\n`)
      .replace(`${endMarker('docs/r.md')}\n`, `${endMarker('docs/r.md')}\n\n### Where the time goes\n\nWritten by hand.\n`)
      .concat('\n## Allocator: the exact optimizer\n\nA summary by hand.\n');
    const next = assemble(edited, [
      { out: 'docs/r.md', text: relay('2') },
      { out: 'docs/k.md', text: ranking('2') },
    ]);
    expect(next).toBe(edited.replace('Run 1.', 'Run 2.').replace('Ranking run 1.', 'Ranking run 2.'));
    // assembling again from the same files changes nothing
    expect(assemble(next, [{ out: 'docs/r.md', text: relay('2') }, { out: 'docs/k.md', text: ranking('2') }])).toBe(next);
  });

  it('keeps a part whose file is missing, and adds a new file at the end with its title', () => {
    const first = assemble(null, [{ out: 'docs/r.md', text: relay('1') }]);
    const next = assemble(first, [
      { out: 'docs/r.md', text: null },
      { out: 'docs/k.md', text: ranking('1') },
    ]);
    expect(next).toContain('Run 1.');
    expect(next.endsWith(`## Ranking\n\n${beginMarker('docs/k.md')}\nRanking run 1.\n${endMarker('docs/k.md')}\n`)).toBe(true);
  });

  it('refuses a page whose begin marker has no end marker, rather than dropping what follows', () => {
    const broken = `${INTRODUCTION}\n## Relay\n\n${beginMarker('docs/r.md')}\nRun 1.\n`;
    expect(() => assemble(broken, [{ out: 'docs/r.md', text: relay('2') }])).toThrow('has no');
  });
});
