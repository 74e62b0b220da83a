import { Directive, ElementRef, effect, inject, input } from '@angular/core';
import type * as Y from 'yjs';
import { TextareaBinding } from './textarea-binding';

/**
 * `<textarea [zbYText]="text">`: keeps the textarea and a Y.Text in step (see TextareaBinding).
 * Pass null while the document is not synced; the textarea keeps what it shows until a text
 * arrives.
 */
@Directive({ selector: 'textarea[zbYText]' })
export class YTextDirective {
  readonly zbYText = input<Y.Text | null>(null);
  private readonly element = inject<ElementRef<HTMLTextAreaElement>>(ElementRef).nativeElement;

  constructor() {
    effect((onCleanup) => {
      const text = this.zbYText();
      if (!text) return;
      const binding = new TextareaBinding(text, this.element);
      onCleanup(() => binding.destroy());
    });
  }
}
