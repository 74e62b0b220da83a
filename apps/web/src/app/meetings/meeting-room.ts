import { ApiHttp } from '../core/api-http';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { DECISION_OUTCOMES, formatWanYuan, isCoordinator } from '@zerobase/domain';
import type { PackageSummary } from '../core/api-types';
import { DepartmentsStore } from '../core/departments-store';
import { I18n, registerMessages } from '../core/i18n';
import { Session } from '../core/session';
import { MeetingRoomStore } from './meeting-room-store';
import { MinutesEditor } from './minutes-editor';
import { MinutesVersions } from './minutes-versions';
import { MEETINGS_MESSAGES } from './meetings.messages';

registerMessages(MEETINGS_MESSAGES);

const WAN = 1_000_000;

/** /meetings/:meetingId — the meeting room: the chair drives, everyone follows live. */
@Component({
  selector: 'zb-meeting-room',
  imports: [RouterLink, FormsModule, MinutesEditor, MinutesVersions],
  providers: [MeetingRoomStore],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './meeting-room.html',
  styles: `
    .grid { display: grid; grid-template-columns: minmax(15rem, 1fr) 2fr; gap: 1rem; align-items: start; }
    @media (max-width: 1000px) { .grid { grid-template-columns: 1fr; } }
    section { background: white; border: 1px solid var(--line); border-radius: 6px; padding: 0.8rem 1rem; margin-bottom: 1rem; }
    h2 { font-size: 1.02rem; margin: 0 0 0.6rem; }
    .head { display: flex; flex-wrap: wrap; gap: 0.4rem 1rem; align-items: baseline; }
    .head h1 { margin: 0.2rem 0 0.4rem; font-size: 1.4rem; }
    .status { padding: 0 0.5rem; border-radius: 10px; font-size: 0.8rem; color: white; background: var(--low); }
    .status.open { background: var(--high); }
    ol.agenda { padding-left: 1.3rem; margin: 0; }
    ol.agenda li { padding: 0.3rem 0.4rem; border-radius: 4px; }
    ol.agenda li.current { background: var(--accent-soft); font-weight: 600; }
    .screen { font-size: 1.15rem; font-weight: 600; }
    .controls { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; margin: 0.4rem 0; }
    .preview { border: 2px dashed var(--medium); background: #fff8eb; border-radius: 6px; padding: 0.5rem 0.8rem; margin-bottom: 0.6rem; }
    tr.on-screen td { background: #fff3c4; }
    tr.cut td { border-top: 2px solid var(--accent); }
    .unfunded { color: var(--muted); }
    label { display: inline-flex; flex-direction: column; gap: 0.2rem; font-size: 0.85rem; color: var(--muted); margin: 0 0.6rem 0.5rem 0; }
    .decision { border-bottom: 1px solid var(--line); padding: 0.4rem 0; }
    .decision.superseded { opacity: 0.55; text-decoration: line-through; }
    .people { display: flex; flex-wrap: wrap; gap: 0.3rem; }
  `,
})
export class MeetingRoom {
  readonly meetingId = input.required<string>();
  protected readonly i18n = inject(I18n);
  protected readonly store = inject(MeetingRoomStore);
  protected readonly departments = inject(DepartmentsStore);
  private readonly session = inject(Session);
  private readonly http = inject(ApiHttp);
  protected readonly wan = formatWanYuan;
  protected readonly outcomes = DECISION_OUTCOMES;

  protected readonly meeting = this.store.meeting;
  protected readonly chair = computed(() => {
    const m = this.meeting();
    return !!m && isCoordinator(this.session.user()?.memberships ?? [], m.cycleId);
  });
  protected readonly current = computed(() => {
    const m = this.meeting();
    return m ? (m.agenda[m.agendaPosition] ?? null) : null;
  });
  private readonly cycleId = computed(() => this.meeting()?.cycleId ?? null);
  protected readonly packages = signal<PackageSummary[]>([]);
  protected readonly onScreen = computed(() => this.packages().find((p) => p.id === this.meeting()?.onScreenPackageId) ?? null);
  /** the preview while there is one, else the live ranking */
  protected readonly shown = computed(() => this.meeting()?.preview?.ranking ?? this.store.ranking());
  protected readonly rows = computed(() => (this.shown()?.items ?? []).slice(0, 20));
  protected readonly firstUnfunded = computed(() => this.shown()?.cutoff.firstUnfundedRank ?? null);
  protected readonly currentDecisions = computed(() => {
    const item = this.current();
    return (this.meeting()?.decisions ?? []).filter((d) => d.agendaItemId === item?.id);
  });
  protected readonly titleOf = computed(() => new Map((this.meeting()?.agenda ?? []).map((a) => [a.id, a.title])));

  // what-if form (万元 and %)
  protected quotaWan = 0;
  protected reservePercent = 10;
  // decision form
  protected outcome: (typeof DECISION_OUTCOMES)[number] = 'approved';
  protected comment = '';
  protected override: 'fund' | 'cut' = 'fund';
  protected mergeWith = '';
  protected jointCode = '';
  protected jointTitle = '';
  protected agreeing: string[] = [];
  protected objecting: string[] = [];
  protected followOwner = '';
  protected followText = '';
  protected followDue = '';

  constructor() {
    this.departments.load();
    effect(() => {
      const id = this.meetingId();
      untracked(() => this.store.open(id));
    });
    effect(() => {
      const cycleId = this.cycleId();
      if (cycleId) untracked(() => this.http.get<PackageSummary[]>(`/api/cycles/${cycleId}/packages`).subscribe((list) => this.packages.set(list)));
    });
    effect(() => {
      const settings = this.store.ranking()?.settings;
      if (settings && !this.quotaWan) {
        this.quotaWan = settings.quotaFen / WAN;
        this.reservePercent = settings.reserveBasisPoints / 100;
      }
    });
  }

  protected move(delta: number): void {
    const m = this.meeting();
    if (!m) return;
    const next = Math.min(m.agenda.length - 1, Math.max(0, m.agendaPosition + delta));
    void this.store.act('PUT', '/position', { agendaPosition: next });
  }

  protected goTo(position: number): void {
    if (this.chair()) void this.store.act('PUT', '/position', { agendaPosition: position });
  }

  protected preview(): void {
    void this.store.act('POST', '/what-if', { quotaFen: Math.round(this.quotaWan * WAN), reserveBasisPoints: Math.round(this.reservePercent * 100) });
  }

  protected async decide(): Promise<void> {
    const item = this.current();
    if (!item) return;
    const open = this.currentDecisions().find((d) => !d.supersededBy);
    const body: Record<string, unknown> = { agendaItemId: item.id, outcome: this.outcome, comment: this.comment || undefined, agreeing: this.agreeing, objecting: this.objecting };
    if (open) body['supersedes'] = open.id;
    if (this.outcome === 'override') body['override'] = this.override;
    if (this.outcome === 'merged') {
      body['mergePackageIds'] = this.mergeWith ? [this.mergeWith] : [];
      body['newJointPackage'] = { code: this.jointCode, title: this.jointTitle };
    }
    if (this.followOwner && this.followText && this.followDue) body['followUps'] = [{ department: this.followOwner, description: this.followText, dueDate: this.followDue }];
    const done = await this.store.decide(body);
    if (done) {
      this.comment = '';
      this.followText = '';
      this.agreeing = [];
      this.objecting = [];
    }
  }

  protected toggle(list: 'agreeing' | 'objecting', code: string, on: boolean): void {
    this[list] = on ? [...this[list], code] : this[list].filter((c) => c !== code);
  }

  protected time(iso: string | null): string {
    return iso ? new Date(iso).toLocaleString(this.i18n.language() === 'en' ? 'en-GB' : 'zh-CN') : '';
  }
}
