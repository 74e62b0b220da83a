import { Directive, effect, ElementRef, inject, input, untracked } from '@angular/core';
import { cursorAt, cursorRange } from '@zerobase/collab/editor';
import type * as Y from 'yjs';
import { CollabSession } from './collab-session';
import { RemoteCursorsOverlay, type RemoteCaret } from './remote-cursors';
import { TextareaBinding } from './textarea-binding';

/** The root name of a root Y.Text (`shared/purpose`, `dept:power/notes`), or null. */
function rootNameOf(text: Y.Text): string | null {
  const doc = text.doc;
  if (!doc || text._item !== null) return null;
  for (const [name, type] of doc.share) if ((type as unknown) === text) return name;
  return null;
}

/**
 * `<textarea [zbYText]="text">`: keeps the textarea and a Y.Text in step (see TextareaBinding).
 * Pass null while the document is not synced; the textarea keeps what it shows until a text
 * arrives. Inside a co-editing page it also shares this person's caret and selection and draws
 * the others' (Yjs relative positions, so they stay on their characters while anyone types).
 */
@Directive({ selector: 'textarea[zbYText]' })
export class YTextDirective {
  readonly zbYText = input<Y.Text | null>(null);
  private readonly element = inject<ElementRef<HTMLTextAreaElement>>(ElementRef).nativeElement;
  private readonly session = inject(CollabSession, { optional: true });
  /** redraws the others' carets over this textarea (set while bound) */
  private draw: (() => void) | null = null;

  constructor() {
    effect((onCleanup) => {
      const text = this.zbYText();
      if (!text) return;
      const binding = new TextareaBinding(text, this.element);
      onCleanup(() => binding.destroy());
    });
    const session = this.session;
    if (!session) return;
    effect(() => {
      session.peers();
      untracked(() => this.draw?.());
    });
    effect((onCleanup) => {
      const text = this.zbYText();
      const root = text ? rootNameOf(text) : null;
      if (!text || !root) return;
      const element = this.element;
      const overlay = new RemoteCursorsOverlay(element);
      const share = () => {
        if (document.activeElement !== element) return;
        const backwards = element.selectionDirection === 'backward';
        const [anchor, head] = backwards ? [element.selectionEnd, element.selectionStart] : [element.selectionStart, element.selectionEnd];
        session.setCursor(cursorAt(text, root, anchor, head));
      };
      const leave = () => session.setCursor(null);
      const draw = () => {
        const doc = text.doc;
        if (!doc) return;
        const carets: RemoteCaret[] = [];
        for (const peer of session.peers()) {
          const range = cursorRange(doc, peer.cursor);
          if (range?.root === root) carets.push({ clientId: peer.clientId, name: peer.name, color: peer.color, ...range });
        }
        overlay.render(carets);
      };
      const events = ['focus', 'select', 'keyup', 'mouseup', 'input'] as const;
      for (const name of events) element.addEventListener(name, share);
      element.addEventListener('blur', leave);
      element.addEventListener('scroll', draw);
      text.observe(draw);
      const resize = new ResizeObserver(draw);
      resize.observe(element);
      this.draw = draw;
      draw();
      onCleanup(() => {
        for (const name of events) element.removeEventListener(name, share);
        element.removeEventListener('blur', leave);
        element.removeEventListener('scroll', draw);
        text.unobserve(draw);
        resize.disconnect();
        this.draw = null;
        overlay.destroy();
      });
    });
  }
}
