import { ApiHttp } from '../core/api-http';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { diffText, type TextPart } from '@zerobase/collab';
import { MINUTES_PARTS, MINUTES_VERSION_NAMES, type MinutesPart, type MinutesTexts, type MinutesVersionView } from '@zerobase/domain';
import { firstValueFrom } from 'rxjs';
import { toProblem } from '../core/api-error';
import { I18n, registerMessages } from '../core/i18n';
import { MEETINGS_MESSAGES } from './meetings.messages';

registerMessages(MEETINGS_MESSAGES);

type Shown = { version: MinutesVersionView; texts: MinutesTexts; against: MinutesTexts | null };

/**
 * The versions of a meeting's minutes (recorded when the meeting ends, when they are closed and
 * on demand): newest first with who edited which parts; view one with its changes against the
 * minutes now; save one by name and restore one (those who may write the minutes now).
 */
@Component({
  selector: 'zb-minutes-versions',
  imports: [FormsModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <details data-testid="minutes-versions" (toggle)="toggled($any($event.target).open)">
      <summary>{{ i18n.t('meetings.versions') }} @if (versions(); as list) { ({{ list.length }}) }</summary>
      @if (canWrite()) {
        <form class="save" (submit)="$event.preventDefault(); save()">
          <label for="minutes-version-name">{{ i18n.t('meetings.versionName') }}</label>
          <input id="minutes-version-name" data-testid="minutes-version-name" [(ngModel)]="name" name="name" maxlength="200" />
          <button type="submit" [disabled]="busy() || !name.trim()" data-testid="minutes-version-save">{{ i18n.t('meetings.versionSave') }}</button>
        </form>
      }
      @if (error(); as e) {
        <p class="error" role="alert">{{ e }}</p>
      }
      @if (message(); as m) {
        <p class="ok" role="status">{{ m }}</p>
      }
      @if (newestFirst(); as list) {
        @if (list.length === 0) {
          <p class="muted">{{ i18n.t('meetings.versionsNone') }}</p>
        }
        <ul>
          @for (v of list; track v.id) {
            <li [attr.data-testid]="'minutes-version-' + v.id">
              <span class="name">{{ label(v) }}</span>
              <span class="muted">{{ time(v.createdAt) }} · {{ v.createdByName ?? i18n.t('meetings.versionBySystem') }}</span>
              @if (v.parts.length) {
                <span class="muted">· {{ partsOf(v) }}</span>
              }
              <button type="button" class="link" (click)="view(v)" [attr.data-testid]="'minutes-version-view-' + v.id">{{ i18n.t('meetings.versionView') }}</button>
              @if (canWrite()) {
                <button type="button" class="link" [disabled]="busy()" (click)="restore(v)" [attr.data-testid]="'minutes-version-restore-' + v.id">{{ i18n.t('meetings.versionRestore') }}</button>
              }
            </li>
          }
        </ul>
      }
      @if (shown(); as s) {
        <section class="shown" data-testid="minutes-version-shown" [attr.aria-label]="label(s.version)">
          <h3>{{ label(s.version) }} <span class="muted">{{ time(s.version.createdAt) }}</span></h3>
          <p class="muted">{{ i18n.t('meetings.versionLegend') }}</p>
          @for (part of changedParts(s); track part) {
            <h4>{{ i18n.t('meetings.minutesPart.' + part) }}</h4>
            <p class="text">
              @for (p of diff(s, part); track $index) {
                @if (p.op === 'same') {<span>{{ p.text }}</span>} @else if (p.op === 'removed') {<del>{{ p.text }}</del>} @else {<ins>{{ p.text }}</ins>}
              }
            </p>
          }
          @if (changedParts(s).length === 0) {
            <p class="muted">{{ i18n.t('meetings.versionSame') }}</p>
          }
          <button type="button" (click)="shown.set(null)">{{ i18n.t('meetings.versionHide') }}</button>
        </section>
      }
    </details>
  `,
  styles: `
    :host { display: block; margin-top: 0.6rem; }
    summary { cursor: pointer; font-weight: 600; }
    .save { display: flex; gap: 0.4rem; align-items: center; margin: 0.5rem 0; flex-wrap: wrap; }
    .save label { font-size: 0.9rem; }
    ul { list-style: none; padding: 0; margin: 0.4rem 0; }
    li { display: flex; flex-wrap: wrap; gap: 0.2rem 0.6rem; align-items: baseline; padding: 0.3rem 0; border-bottom: 1px solid var(--line); }
    .name { font-weight: 600; }
    button.link { background: none; border: none; color: var(--accent); text-decoration: underline; cursor: pointer; padding: 0; font: inherit; }
    .shown { border: 1px solid var(--line); border-radius: 6px; padding: 0.6rem 0.8rem; margin-top: 0.5rem; }
    .shown h3 { font-size: 1rem; margin: 0 0 0.3rem; }
    .shown h4 { font-size: 0.9rem; margin: 0.5rem 0 0.2rem; }
    .text { white-space: pre-wrap; margin: 0; }
    del { background: #fde2e1; color: #8a1c17; }
    ins { background: #dff3e3; color: #14532d; text-decoration: none; }
    .ok { color: var(--high); }
  `,
})
export class MinutesVersions {
  readonly meetingId = input.required<string>();
  /** may this user write the minutes now (the server checks again) */
  readonly canWrite = input(false);
  /** changes when the meeting ends or the minutes close: both record a version */
  readonly revision = input<string>('');
  protected readonly i18n = inject(I18n);
  private readonly http = inject(ApiHttp);

  protected readonly versions = signal<MinutesVersionView[] | null>(null);
  protected readonly newestFirst = computed(() => [...(this.versions() ?? [])].reverse());
  protected readonly shown = signal<Shown | null>(null);
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly message = signal<string | null>(null);
  protected name = '';
  private opened = false;

  constructor() {
    effect(() => {
      this.revision();
      untracked(() => {
        if (this.opened) void this.load();
      });
    });
  }

  protected toggled(open: boolean): void {
    this.opened = open;
    if (open) void this.load();
  }

  private base(): string {
    return `/api/meetings/${this.meetingId()}/minutes/versions`;
  }

  private async load(): Promise<void> {
    try {
      this.versions.set(await firstValueFrom(this.http.get<MinutesVersionView[]>(this.base())));
    } catch (e) {
      this.fail(e);
    }
  }

  protected async view(v: MinutesVersionView): Promise<void> {
    try {
      const [version, now] = await Promise.all([
        firstValueFrom(this.http.get<MinutesVersionView & { texts: MinutesTexts }>(`${this.base()}/${v.id}`)),
        firstValueFrom(this.http.get<MinutesTexts>(`/api/meetings/${this.meetingId()}/minutes`)),
      ]);
      this.shown.set({ version, texts: version.texts, against: now });
    } catch (e) {
      this.fail(e);
    }
  }

  protected async save(): Promise<void> {
    await this.run(async () => {
      const saved = await firstValueFrom(this.http.post<MinutesVersionView>(this.base(), { name: this.name.trim() }));
      this.name = '';
      this.message.set(this.i18n.t('meetings.versionSaved', { name: this.label(saved) }));
    });
  }

  protected async restore(v: MinutesVersionView): Promise<void> {
    await this.run(async () => {
      await firstValueFrom(this.http.post(`${this.base()}/${v.id}/restore`, {}));
      this.message.set(this.i18n.t('meetings.versionRestored', { name: this.label(v) }));
    });
  }

  private async run(action: () => Promise<void>): Promise<void> {
    this.busy.set(true);
    this.error.set(null);
    this.message.set(null);
    try {
      await action();
      this.shown.set(null);
      await this.load();
    } catch (e) {
      this.fail(e);
    } finally {
      this.busy.set(false);
    }
  }

  private fail(e: unknown): void {
    const problem = toProblem(e);
    this.error.set(this.i18n.t(problem.key, problem.params));
  }

  /** parts where the version differs from the minutes now (every part when there is nothing to compare with) */
  protected changedParts(s: Shown): MinutesPart[] {
    return MINUTES_PARTS.filter((p) => !s.against || s.against[p] !== s.texts[p]);
  }

  /** from the minutes now (removed) to the version (added): what a restore would do */
  protected diff(s: Shown, part: MinutesPart): TextPart[] {
    return s.against ? diffText(s.against[part], s.texts[part]) : [{ op: 'same', text: s.texts[part] }];
  }

  /** the names the server gives its own versions, in the user's language; people's names as they wrote them */
  protected label(v: Pick<MinutesVersionView, 'kind' | 'name'>): string {
    if (v.kind === 'manual') return v.name;
    if (v.name === MINUTES_VERSION_NAMES.ended) return this.i18n.t('meetings.versionEnded');
    if (v.name === MINUTES_VERSION_NAMES.closed) return this.i18n.t('meetings.versionClosed');
    const of = /^(restored|before restoring) "(.*)"$/s.exec(v.name);
    if (of) {
      const inner = this.label({ kind: Object.values(MINUTES_VERSION_NAMES).includes(of[2] as never) ? 'stage-gate' : 'manual', name: of[2]! });
      return this.i18n.t(of[1] === 'restored' ? 'meetings.versionRestoreOf' : 'meetings.versionBeforeRestore', { name: inner });
    }
    return v.name;
  }

  protected partsOf(v: MinutesVersionView): string {
    return v.parts.map((p) => this.i18n.t(`meetings.minutesPart.${p}`)).join('、');
  }

  protected time(iso: string): string {
    return new Date(iso).toLocaleString(this.i18n.language() === 'en' ? 'en-GB' : 'zh-CN', { month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
  }
}
