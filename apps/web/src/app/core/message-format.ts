/**
 * The part of ICU MessageFormat the client's messages use — `{name}`, `{n, plural, =0 {…} one {…}
 * other {…}}` with `#`, `{x, select, a {…} other {…}}` and ICU apostrophe quoting — formatted like
 * intl-messageformat formats them (i18n.spec.ts checks every message against it), without shipping
 * its parser to the browser. Anything else (number, date, selectordinal) is refused when parsed.
 */
type Part =
  | string
  | { kind: 'arg'; name: string }
  | { kind: 'pound' }
  | { kind: 'plural'; name: string; offset: number; options: Record<string, Part[]> }
  | { kind: 'select'; name: string; options: Record<string, Part[]> };

export type MessageValues = Record<string, string | number>;

export class MessageFormat {
  private readonly parts: Part[];
  private plurals: Intl.PluralRules | null = null;
  private numbers: Intl.NumberFormat | null = null;

  constructor(
    readonly message: string,
    readonly locale: string,
  ) {
    const parser = new Parser(message);
    this.parts = parser.parts(false);
    if (parser.at < message.length) throw parser.error('unmatched }');
  }

  format(values: MessageValues = {}): string {
    return this.render(this.parts, values, null);
  }

  private render(parts: Part[], values: MessageValues, pound: number | null): string {
    let out = '';
    for (const part of parts) {
      if (typeof part === 'string') {
        out += part;
        continue;
      }
      if (part.kind === 'pound') {
        out += pound === null ? '#' : this.number(pound);
        continue;
      }
      if (!(part.name in values)) throw new Error(`The intl string context variable "${part.name}" was not provided to the string "${this.message}"`);
      const value = values[part.name];
      if (part.kind === 'arg') {
        out += String(value);
      } else if (part.kind === 'select') {
        const option = part.options[String(value)] ?? part.options['other'];
        if (!option) throw new Error(`no option "${String(value)}" in "${this.message}"`);
        out += this.render(option, values, pound);
      } else {
        if (typeof value !== 'number') throw new Error(`"${part.name}" is not a number in "${this.message}"`);
        this.plurals ??= new Intl.PluralRules(this.locale);
        const option = part.options[`=${value}`] ?? part.options[this.plurals.select(value - part.offset)] ?? part.options['other'];
        if (!option) throw new Error(`no plural option for ${value} in "${this.message}"`);
        out += this.render(option, values, value - part.offset);
      }
    }
    return out;
  }

  private number(n: number): string {
    this.numbers ??= new Intl.NumberFormat(this.locale);
    return this.numbers.format(n);
  }
}

class Parser {
  at = 0;
  constructor(private readonly text: string) {}

  error(what: string): Error {
    return new Error(`message format: ${what} at ${this.at} in "${this.text}"`);
  }

  /** Parts up to the end, or up to the `}` closing a plural/select option (not consumed). */
  parts(inPlural: boolean): Part[] {
    const parts: Part[] = [];
    let literal = '';
    const text = this.text;
    while (this.at < text.length) {
      const c = text[this.at];
      if (c === '}') break;
      if (c === '{') {
        if (literal) parts.push(literal);
        literal = '';
        parts.push(this.argument());
        continue;
      }
      if (c === '#' && inPlural) {
        if (literal) parts.push(literal);
        literal = '';
        parts.push({ kind: 'pound' });
        this.at++;
        continue;
      }
      if (c === "'") {
        const next = text[this.at + 1];
        if (next === "'") {
          literal += "'";
          this.at += 2;
          continue;
        }
        if (next === '{' || next === '}' || (inPlural && next === '#')) {
          // quoted literal up to the next lone apostrophe ('' inside stands for one)
          this.at++;
          for (;;) {
            if (this.at >= text.length) throw this.error('unclosed quote');
            if (text[this.at] === "'") {
              if (text[this.at + 1] === "'") {
                literal += "'";
                this.at += 2;
                continue;
              }
              this.at++;
              break;
            }
            literal += text[this.at++];
          }
          continue;
        }
      }
      literal += c;
      this.at++;
    }
    if (literal) parts.push(literal);
    return parts;
  }

  private argument(): Part {
    this.at++; // {
    const name = this.word();
    if (!name) throw this.error('argument name');
    this.space();
    if (this.eat('}')) return { kind: 'arg', name };
    if (!this.eat(',')) throw this.error('"," or "}"');
    this.space();
    const type = this.word();
    this.space();
    if (type !== 'plural' && type !== 'select') throw this.error(`unsupported argument type "${type}"`);
    if (!this.eat(',')) throw this.error('","');
    this.space();
    let offset = 0;
    if (type === 'plural' && this.text.startsWith('offset:', this.at)) {
      this.at += 'offset:'.length;
      this.space();
      offset = Number(this.word());
      if (!Number.isInteger(offset)) throw this.error('offset');
      this.space();
    }
    const options: Record<string, Part[]> = {};
    while (!this.eat('}')) {
      const selector = this.selector();
      if (!selector) throw this.error('option');
      this.space();
      if (!this.eat('{')) throw this.error('"{" of an option');
      options[selector] = this.parts(type === 'plural');
      if (!this.eat('}')) throw this.error('"}" of an option');
      this.space();
    }
    if (!options['other']) throw this.error('"other" option');
    return type === 'plural' ? { kind: 'plural', name, offset, options } : { kind: 'select', name, options };
  }

  private word(): string {
    const m = /^[\p{L}\p{N}_-]+/u.exec(this.text.slice(this.at));
    if (!m) return '';
    this.at += m[0].length;
    return m[0];
  }

  private selector(): string {
    if (this.text[this.at] === '=') {
      this.at++;
      return `=${this.word()}`;
    }
    return this.word();
  }

  private space(): void {
    while (this.at < this.text.length && /\s/.test(this.text[this.at])) this.at++;
  }

  private eat(c: string): boolean {
    if (this.text[this.at] !== c) return false;
    this.at++;
    return true;
  }
}
