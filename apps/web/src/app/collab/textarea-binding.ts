import { replaceText } from '@zerobase/collab/editor';
import type * as Y from 'yjs';
import { diffSplice, rebaseSplice, spliceDelta, transformIndex, type DeltaOp } from './text-delta';

/**
 * Binds a <textarea> to a Y.Text, both ways:
 * - typing becomes a minimal Yjs edit (common prefix and suffix kept);
 * - a change from elsewhere is applied to the textarea at once, moving the caret and the
 *   selection through it, so the person typing keeps their place;
 * - while an input method is composing (pinyin), remote changes wait; on commit the local
 *   splice is rebased onto them, so neither side's text is lost.
 */
export class TextareaBinding {
  private composing = false;
  /** the text when composition started, and the remote changes since */
  private compositionBase = '';
  private pending: DeltaOp[][] = [];

  constructor(
    private readonly text: Y.Text,
    private readonly element: HTMLTextAreaElement,
  ) {
    // adopt the document's text, keeping the caret where it was in what is shown now
    this.show(spliceDelta(diffSplice(element.value, text.toString())));
    text.observe(this.onRemote);
    element.addEventListener('input', this.onInput);
    element.addEventListener('compositionstart', this.onCompositionStart);
    element.addEventListener('compositionend', this.onCompositionEnd);
  }

  destroy(): void {
    this.text.unobserve(this.onRemote);
    this.element.removeEventListener('input', this.onInput);
    this.element.removeEventListener('compositionstart', this.onCompositionStart);
    this.element.removeEventListener('compositionend', this.onCompositionEnd);
  }

  private readonly onInput = (event: Event): void => {
    if (this.composing || (event as InputEvent).isComposing) return;
    const value = this.element.value;
    this.text.doc?.transact(() => replaceText(this.text, value), this);
  };

  private readonly onCompositionStart = (): void => {
    this.composing = true;
    this.compositionBase = this.text.toString();
    this.pending = [];
  };

  private readonly onCompositionEnd = (): void => {
    this.composing = false;
    const pending = this.pending;
    this.pending = [];
    if (pending.length === 0) {
      this.onInput(new Event('input'));
      return;
    }
    const splice = rebaseSplice(diffSplice(this.compositionBase, this.element.value), pending);
    this.text.doc?.transact(() => {
      if (splice.remove > 0) this.text.delete(splice.index, splice.remove);
      if (splice.insert) this.text.insert(splice.index, splice.insert);
    }, this);
    const caret = splice.index + splice.insert.length;
    this.element.value = this.text.toString();
    if (document.activeElement === this.element) this.element.setSelectionRange(caret, caret);
  };

  private readonly onRemote = (event: Y.YTextEvent, transaction: Y.Transaction): void => {
    if (transaction.origin === this) return; // the textarea already shows it
    const delta = event.delta as DeltaOp[];
    if (this.composing) {
      this.pending.push(delta);
      return;
    }
    this.show(delta);
  };

  /** Show the current text; the caret and selection move through `delta` (a change to what is shown). */
  private show(delta: DeltaOp[]): void {
    const element = this.element;
    const next = this.text.toString();
    if (element.value === next) return;
    const focused = document.activeElement === element;
    const { selectionStart, selectionEnd, selectionDirection, scrollTop } = element;
    element.value = next;
    element.scrollTop = scrollTop;
    if (focused) element.setSelectionRange(transformIndex(selectionStart, delta), transformIndex(selectionEnd, delta), selectionDirection ?? undefined);
  }
}
