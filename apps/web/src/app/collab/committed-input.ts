import { ChangeDetectionStrategy, Component, computed, ElementRef, input, output, signal, viewChild } from '@angular/core';

/**
 * A text input for a value others may change at any moment: while it has the focus it keeps
 * what the person is typing (a remote change shows once they leave it); Enter or leaving it
 * commits, Escape reverts.
 */
@Component({
  selector: 'zb-committed-input',
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    :host { display: block; }
    input { width: 100%; box-sizing: border-box; }
    input.num { text-align: right; font-variant-numeric: tabular-nums; }
  `,
  template: `
    <input
      #field
      type="text"
      [class.num]="numeric()"
      [attr.inputmode]="numeric() ? 'decimal' : null"
      [value]="shown()"
      [disabled]="disabled()"
      [attr.id]="inputId()"
      [attr.aria-label]="label()"
      [attr.aria-invalid]="invalid() || null"
      [attr.data-testid]="testId()"
      (focus)="begin()"
      (blur)="end()"
      (keydown.enter)="field.blur()"
      (keydown.escape)="revert()"
    />
  `,
})
export class CommittedInput {
  readonly value = input.required<string>();
  readonly disabled = input(false);
  readonly numeric = input(false);
  readonly invalid = input(false);
  readonly label = input('');
  readonly testId = input<string | null>(null);
  readonly inputId = input<string | null>(null);
  readonly committed = output<string>();

  private readonly field = viewChild.required<ElementRef<HTMLInputElement>>('field');
  private readonly editing = signal(false);
  private readonly valueAtFocus = signal('');
  protected readonly shown = computed(() => (this.editing() ? this.valueAtFocus() : this.value()));

  protected begin(): void {
    this.valueAtFocus.set(this.value());
    this.editing.set(true);
  }

  protected end(): void {
    if (!this.editing()) return;
    const element = this.field().nativeElement;
    const text = element.value;
    this.editing.set(false);
    if (text !== this.valueAtFocus()) this.committed.emit(text);
    // show the current value, whether or not the text was accepted
    element.value = this.value();
  }

  protected revert(): void {
    const element = this.field().nativeElement;
    element.value = this.valueAtFocus();
    element.blur();
  }
}
