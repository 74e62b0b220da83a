import { ChangeDetectionStrategy, Component, computed, effect, inject, input, untracked } from '@angular/core';
import { minutesText } from '@zerobase/collab';
import { MINUTES_PARTS, type MinutesPart } from '@zerobase/domain';
import { CollabSession } from '../collab/collab-session';
import { PresenceList } from '../collab/presence-list';
import { YTextDirective } from '../collab/y-text';
import { I18n, registerMessages } from '../core/i18n';
import type * as Y from 'yjs';
import { MEETINGS_MESSAGES } from './meetings.messages';

registerMessages(MEETINGS_MESSAGES);

/**
 * The minutes (会议纪要) of a meeting, co-edited live: each part a textarea bound to the
 * `/collab` minutes document (the same session, sync and offline handling as package documents).
 * Read-only unless the server's rule (libs/domain `minutesAccess`) lets this user write now; the
 * server refuses edits of closed minutes whatever this view shows.
 */
@Component({
  selector: 'zb-minutes-editor',
  imports: [YTextDirective, PresenceList],
  providers: [CollabSession],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <zb-presence-list class="bar" [status]="collab.shownStatus()" [peers]="collab.peers()" [me]="collab.me()" />
    @if (collab.stopped(); as why) {
      <p class="error" data-testid="minutes-stopped">{{ why }}</p>
    }
    @if (collab.refusal(); as why) {
      <p class="error" data-testid="minutes-refused">{{ why }}</p>
    }
    @for (part of parts; track part) {
      <label [attr.for]="'minutes-' + part">{{ i18n.t('meetings.minutesPart.' + part) }}</label>
      <textarea
        [id]="'minutes-' + part"
        [attr.data-testid]="'minutes-' + part"
        [rows]="part === 'notes' ? 6 : 3"
        [zbYText]="texts()?.[part] ?? null"
        [readOnly]="!editable() || !collab.loaded()"
      ></textarea>
    }
  `,
  styles: `
    :host { display: block; }
    .bar { margin-bottom: 0.3rem; }
    label { display: block; font-size: 0.85rem; color: var(--muted); margin: 0.4rem 0 0.15rem; }
    textarea { font: inherit; width: 100%; border: 1px solid var(--line); border-radius: 4px; padding: 0.4rem 0.5rem; box-sizing: border-box; resize: vertical; }
    textarea[readonly] { background: #f6f6f6; }
  `,
})
export class MinutesEditor {
  /** the minutes document's `/collab` name, `minutes:<meetingId>` */
  readonly document = input.required<string>();
  readonly editable = input(false);
  protected readonly i18n = inject(I18n);
  protected readonly collab = inject(CollabSession);
  protected readonly parts = MINUTES_PARTS;
  protected readonly texts = computed<Record<MinutesPart, Y.Text> | null>(() => {
    const doc = this.collab.doc();
    return doc ? (Object.fromEntries(MINUTES_PARTS.map((p) => [p, minutesText(doc, p)])) as Record<MinutesPart, Y.Text>) : null;
  });

  constructor() {
    effect(() => {
      const name = this.document();
      untracked(() => this.collab.connect(name, [], { packageDocument: false }));
    });
  }
}
