import { ChangeDetectionStrategy, Component, computed, inject, input, output } from '@angular/core';
import { I18n, type MessageKey } from '../core/i18n';

/** A sortable column header: a button inside the <th>, with aria-sort on the header cell. */
@Component({
  selector: 'th[zbSort]',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { '[attr.aria-sort]': 'ariaSort()', '[attr.scope]': '"col"' },
  styles: `
    button { border: 0; background: none; padding: 0; font: inherit; color: inherit; font-weight: 600; cursor: pointer; }
    .arrow { display: inline-block; width: 1em; }
  `,
  template: `<button type="button" (click)="sorted.emit(zbSort())" [attr.data-testid]="'sort-' + zbSort()">{{ i18n.t(label()) }}<span class="arrow" aria-hidden="true">{{ arrow() }}</span></button>`,
})
export class SortHeader {
  readonly zbSort = input.required<string>();
  readonly label = input.required<MessageKey>();
  readonly active = input<string>('');
  readonly descending = input(false);
  readonly sorted = output<string>();
  protected readonly i18n = inject(I18n);
  protected readonly ariaSort = computed(() => (this.active() === this.zbSort() ? (this.descending() ? 'descending' : 'ascending') : 'none'));
  protected readonly arrow = computed(() => (this.active() === this.zbSort() ? (this.descending() ? '↓' : '↑') : ''));
}
