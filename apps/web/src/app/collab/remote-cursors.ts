/** Someone else's caret and selection in a textarea, as character offsets of what it shows. */
export interface RemoteCaret {
  clientId: number;
  name: string;
  color: string;
  from: number;
  to: number;
  caret: number;
}

const COPIED = [
  'fontFamily',
  'fontSize',
  'fontWeight',
  'fontStyle',
  'letterSpacing',
  'lineHeight',
  'textTransform',
  'textIndent',
  'tabSize',
  'paddingTop',
  'paddingRight',
  'paddingBottom',
  'paddingLeft',
  'borderTopWidth',
  'borderRightWidth',
  'borderBottomWidth',
  'borderLeftWidth',
] as const;

/**
 * Draws other people's carets and selections over a textarea: one transparent copy of the text
 * per person, laid out like the textarea (same font, padding, wrapping, scroll), with the
 * selection marked in their colour and a caret with their name. Never takes pointer events.
 */
export class RemoteCursorsOverlay {
  private readonly layer: HTMLDivElement;

  constructor(private readonly textarea: HTMLTextAreaElement) {
    this.layer = document.createElement('div');
    this.layer.className = 'zb-remote-cursors';
    this.layer.setAttribute('aria-hidden', 'true');
    Object.assign(this.layer.style, { position: 'absolute', pointerEvents: 'none', overflow: 'hidden', zIndex: '1' });
    textarea.insertAdjacentElement('afterend', this.layer);
  }

  destroy(): void {
    this.layer.remove();
  }

  render(carets: readonly RemoteCaret[]): void {
    this.layer.replaceChildren();
    const area = this.textarea;
    if (carets.length === 0 || area.offsetParent === null) return;
    Object.assign(this.layer.style, { top: `${area.offsetTop}px`, left: `${area.offsetLeft}px`, width: `${area.offsetWidth}px`, height: `${area.offsetHeight}px` });
    const style = getComputedStyle(area);
    const value = area.value;
    for (const caret of carets) {
      const mirror = document.createElement('div');
      for (const property of COPIED) mirror.style[property] = style[property];
      const horizontalPadding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
      Object.assign(mirror.style, {
        position: 'absolute',
        top: '0',
        left: '0',
        boxSizing: 'content-box',
        width: `${Math.max(0, area.clientWidth - horizontalPadding)}px`,
        borderStyle: 'solid',
        borderColor: 'transparent',
        whiteSpace: 'pre-wrap',
        overflowWrap: 'break-word',
        wordBreak: style.wordBreak,
        color: 'transparent',
        transform: `translateY(${-area.scrollTop}px)`,
      });
      const from = Math.min(caret.from, value.length);
      const to = Math.min(caret.to, value.length);
      const mark = document.createElement('mark');
      mark.className = 'zb-remote-selection';
      mark.textContent = value.slice(from, to);
      Object.assign(mark.style, { background: `${caret.color}33`, color: 'transparent' });
      const bar = document.createElement('span');
      bar.className = 'zb-remote-caret';
      bar.dataset['name'] = caret.name;
      Object.assign(bar.style, { position: 'relative', borderLeft: `2px solid ${caret.color}`, marginLeft: '-1px', marginRight: '-1px' });
      const tag = document.createElement('span');
      tag.textContent = caret.name;
      Object.assign(tag.style, {
        position: 'absolute',
        bottom: '100%',
        left: '-2px',
        background: caret.color,
        color: 'white',
        fontSize: '11px',
        lineHeight: '1.3',
        padding: '0 3px',
        borderRadius: '2px',
        whiteSpace: 'nowrap',
      });
      bar.append(tag, '\u200b');
      const atStart = caret.caret <= from && from !== to;
      mirror.append(value.slice(0, from), ...(atStart ? [bar, mark] : [mark, bar]), value.slice(to));
      this.layer.append(mirror);
    }
  }
}
