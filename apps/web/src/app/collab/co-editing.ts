import { ChangeDetectionStrategy, Component, computed, effect, inject, input, output, untracked } from '@angular/core';
import { SHARED_COST_OWNER, SHARED_SECTION } from '@zerobase/collab';
import { DepartmentsStore } from '../core/departments-store';
import { I18n } from '../core/i18n';
import { Session } from '../core/session';
import { canWrite, editRights } from './collab-rights';
import { CollabSession } from './collab-session';
import { CommittedInput } from './committed-input';
import { CostLineTable, type UnitCostChange } from './cost-line-table';
import { LiveTotals } from './live-totals';
import { PresenceList } from './presence-list';
import { YTextDirective } from './y-text';

/** The live, shared document of a package: title, texts, cost lines and totals, edited together. */
@Component({
  selector: 'zb-co-editing',
  imports: [PresenceList, CommittedInput, CostLineTable, LiveTotals, YTextDirective],
  providers: [CollabSession],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './co-editing.html',
  styles: `
    :host { display: block; }
    .bar { display: flex; flex-wrap: wrap; justify-content: space-between; gap: 0.5rem; margin-bottom: 0.8rem; }
    .rights { font-size: 0.85rem; color: var(--muted); }
    label { display: block; font-size: 0.85rem; color: var(--muted); margin: 0.6rem 0 0.2rem; }
    textarea { width: 100%; box-sizing: border-box; font: inherit; line-height: 1.5; padding: 0.45rem 0.55rem; border: 1px solid var(--line); border-radius: 4px; resize: vertical; }
    textarea[readonly] { background: var(--bg); color: var(--muted); }
    .lines { margin-top: 1rem; }
    .lines > h3 { font-size: 1rem; margin: 0 0 0.5rem; }
    .alert { display: flex; justify-content: space-between; gap: 1rem; align-items: center; margin-bottom: 0.4rem; }
    .alert button { flex: none; }
  `,
})
export class CoEditing {
  readonly packageId = input.required<string>();
  readonly cycleId = input.required<string>();
  /** the package's department codes */
  readonly departmentCodes = input.required<readonly string[]>();
  /** the title as the live document has it */
  readonly titleChange = output<string>();

  protected readonly i18n = inject(I18n);
  protected readonly collab = inject(CollabSession);
  private readonly session = inject(Session);
  private readonly departments = inject(DepartmentsStore);
  protected readonly shared = SHARED_SECTION;

  private readonly codeById = computed(() => new Map(this.departments.all().map((d) => [d.id, d.code])));
  protected readonly rights = computed(() =>
    editRights(this.session.user()?.memberships ?? [], this.cycleId(), this.departmentCodes(), (id) => this.codeById().get(id)),
  );
  protected readonly rightsText = computed(() => {
    const rights = this.rights();
    if (rights.kind === 'all') return this.i18n.t('collab.rights.all');
    if (rights.kind === 'readOnly') return this.i18n.t('collab.rights.readOnly');
    return this.i18n.t('collab.rights.liaison', { departments: [...rights.departments].map((c) => this.departments.name(c)).join('、') });
  });
  /** the server's reason (English, from libs/collab) in the user's words where it is a known one */
  protected readonly refusalText = computed(() => {
    const reason = this.collab.refusal();
    if (!reason) return null;
    const forbidden = /no right to write (.+)$/.exec(reason);
    if (!forbidden) return this.i18n.t('collab.refused', { reason });
    const sections = forbidden[1].split(', ').map((section) => (section === SHARED_SECTION ? this.i18n.t('collab.sharedPart') : this.departments.name(section.replace(/^dept:/, ''))));
    return this.i18n.t('collab.refusedForbidden', { sections: sections.join('、') });
  });
  /** editable once the replica has loaded, also while the connection is down (edits sync on reconnect) */
  protected readonly ready = computed(() => this.collab.loaded() && this.collab.snapshot() !== null);
  protected readonly purpose = computed(() => (this.collab.loaded() ? this.collab.text('purpose') : null));
  protected readonly narrative = computed(() => (this.collab.loaded() ? this.collab.text('narrative') : null));

  /** one table per department (package departments first, in snapshot order), then the shared part if it has lines */
  protected readonly sections = computed(() => {
    const snapshot = this.collab.snapshot();
    if (!snapshot) return [];
    const rights = this.rights();
    const byDepartment = snapshot.totals.byDepartment;
    const sections = snapshot.departmentIds.map((code) => ({
      key: code,
      heading: this.departments.name(code),
      lines: snapshot.costLines.filter((line) => line.departmentId === code),
      subtotalFen: byDepartment[code] ?? 0,
      editable: canWrite(rights, code),
    }));
    if (snapshot.sharedCostLines.length) {
      sections.push({
        key: SHARED_SECTION,
        heading: this.i18n.t('collab.sharedLines'),
        lines: snapshot.sharedCostLines,
        subtotalFen: byDepartment[SHARED_COST_OWNER] ?? 0,
        editable: rights.shared,
      });
    }
    return sections;
  });

  protected readonly requests = computed(() => {
    const snapshot = this.collab.snapshot();
    if (!snapshot) return [];
    return Object.entries(snapshot.requestByDepartment).map(([code, fen]) => ({ code, label: this.departments.name(code), fen }));
  });

  constructor() {
    this.departments.load();
    effect(() => {
      const packageId = this.packageId();
      const codes = this.departmentCodes();
      untracked(() => this.collab.connect(packageId, codes));
    });
    effect(() => {
      const title = this.collab.snapshot()?.title;
      if (title) untracked(() => this.titleChange.emit(title));
    });
  }

  protected setUnitCost(section: string, change: UnitCostChange): void {
    this.collab.setUnitCost(section, change.lineId, change.unitCostFen);
  }
}
