import { ChangeDetectionStrategy, Component, computed, effect, ElementRef, inject, input, output, signal, untracked, viewChildren } from '@angular/core';
import { SHARED_COST_OWNER, SHARED_SECTION, type SharedListField } from '@zerobase/collab/editor';
import { BASIS_POINTS_PER_UNIT, EFFORT_LEVELS, type EffortLevel } from '@zerobase/domain';
import { ChangeMarks } from '../change-marks/change-marks';
import { PriceMarks } from '../price-checks/price-marks';
import { ConflictBanner } from '../conflicts/conflict-banner';
import { AppInteractive } from '../core/app-interactive';
import { DepartmentsStore } from '../core/departments-store';
import { I18n, registerMessages } from '../core/i18n';
import { Session } from '../core/session';
import { canWrite, editRights, rightsFromNotice } from './collab-rights';
import { CollabSession } from './collab-session';
import { CommittedInput } from './committed-input';
import { CostSection } from './cost-section';
import { activityColumns, kpiColumns, levelColumns, listColumns, percentToBasisPoints, riskColumns } from './editor-columns';
import { LiveTotals } from './live-totals';
import { PresenceList } from './presence-list';
import { newRowId } from './row-id';
import { RowGrid, type CellPatch, type GridRow, type RowMove } from './row-grid';
import { YTextDirective } from './y-text';
import { COLLAB_MESSAGES } from './collab.messages';

registerMessages(COLLAB_MESSAGES);

type Collection = 'activities' | 'kpis' | 'risks' | 'levels';

/** The package editor: every field of the live document, editable where this user may write. */
@Component({
  selector: 'zb-co-editing',
  imports: [ChangeMarks, PriceMarks, ConflictBanner, PresenceList, CommittedInput, CostSection, LiveTotals, YTextDirective, RowGrid],
  // the page may have opened the document already (while it loaded the package): use that session
  providers: [{ provide: CollabSession, useFactory: () => inject(CollabSession, { skipSelf: true, optional: true }) ?? new CollabSession() }],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { '(focusin)': 'onFocusIn($event)', '(focusout)': 'onFocusOut($event)' },
  templateUrl: './co-editing.html',
  styleUrl: './co-editing.css',
})
export class CoEditing {
  readonly packageId = input.required<string>();
  readonly cycleId = input.required<string>();
  /** the package's department codes */
  readonly departmentCodes = input.required<readonly string[]>();
  /** the title as the live document has it */
  readonly titleChange = output<string>();
  /** the server locked or unlocked this connection (a stage move, a reopening): the page's package is stale */
  readonly lockChange = output<void>();
  private lastLock: string | null | undefined;

  protected readonly i18n = inject(I18n);
  protected readonly collab = inject(CollabSession);
  /** the side panels (conflicts, change and price marks) load once the editor is synced and shown */
  protected readonly interactive = inject(AppInteractive);
  private readonly session = inject(Session);
  private readonly departments = inject(DepartmentsStore);
  protected readonly shared = SHARED_SECTION;
  protected readonly levels = EFFORT_LEVELS;
  private readonly grids = viewChildren(RowGrid);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;
  /** fields marked as being edited by someone else, to unmark on the next change */
  private marked: HTMLElement[] = [];

  private readonly t = (key: string, params?: Record<string, string | number>) => this.i18n.t(key, params);
  private readonly codeById = computed(() => new Map(this.departments.all().map((d) => [d.id, d.code])));
  /** the server's word once the connection has it (a stage lock narrows it), else what the memberships allow */
  protected readonly rights = computed(() => {
    const notice = this.collab.serverRights();
    if (notice) return rightsFromNotice(notice, this.departmentCodes());
    return editRights(this.session.user()?.memberships ?? [], this.cycleId(), this.departmentCodes(), (id) => this.codeById().get(id));
  });
  protected readonly rightsText = computed(() => {
    const rights = this.rights();
    const locked = this.collab.serverRights()?.locked;
    if (locked) return this.i18n.t('collab.rights.locked', { stage: this.i18n.t(`stage.${locked.stage}`) });
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
  /** editable once the replica has loaded (from the server, or from this browser's copy), also offline */
  protected readonly ready = computed(() => this.collab.loaded() && this.collab.snapshot() !== null);
  protected readonly canShared = computed(() => this.ready() && this.rights().shared);
  protected readonly purpose = computed(() => (this.collab.loaded() ? this.collab.text('purpose') : null));
  protected readonly narrative = computed(() => (this.collab.loaded() ? this.collab.text('narrative') : null));
  protected readonly consequences = computed(() => (this.collab.loaded() ? this.collab.text('consequencesOfNotFunding') : null));

  protected readonly kpiColumns = computed(() => kpiColumns(this.t));
  protected readonly riskColumns = computed(() => riskColumns(this.t));
  protected readonly levelColumns = computed(() => levelColumns(this.t));
  protected readonly activityColumns = computed(() => activityColumns(this.t));
  protected readonly objectiveColumns = computed(() => listColumns(this.t, this.i18n.t('editor.objective')));
  protected readonly alternativeColumns = computed(() => listColumns(this.t, this.i18n.t('editor.alternative')));

  /** one grid per department (package departments first, in snapshot order), then the shared part if it has lines */
  protected readonly sections = computed(() => {
    const snapshot = this.collab.snapshot();
    if (!snapshot) return [];
    const rights = this.rights();
    const byDepartment = snapshot.totals.byDepartment;
    const sections = snapshot.departmentIds.map((code) => ({
      key: code,
      heading: this.departments.name(code),
      owner: this.i18n.t('collab.ownedBy', { owner: this.departments.name(code) }),
      lines: snapshot.costLines.filter((line) => line.departmentId === code),
      activities: snapshot.activities.filter((a) => a.departmentId === code) as unknown as GridRow[],
      notes: this.collab.loaded() ? this.collab.notes(code) : null,
      subtotalFen: byDepartment[code] ?? 0,
      editable: canWrite(rights, code),
    }));
    if (snapshot.sharedCostLines.length) {
      sections.push({
        key: SHARED_SECTION,
        heading: this.i18n.t('collab.sharedLines'),
        owner: this.i18n.t('collab.ownedByShared'),
        lines: snapshot.sharedCostLines,
        activities: [],
        notes: null,
        subtotalFen: byDepartment[SHARED_COST_OWNER] ?? 0,
        editable: rights.shared,
      });
    }
    return sections;
  });

  protected readonly sharedActivities = computed(() => (this.collab.snapshot()?.activities.filter((a) => a.departmentId === null) ?? []) as unknown as GridRow[]);
  protected readonly kpis = computed(() => (this.collab.snapshot()?.kpis ?? []) as unknown as GridRow[]);
  protected readonly risks = computed(() => (this.collab.snapshot()?.risks ?? []) as unknown as GridRow[]);
  protected readonly levelRows = computed(() => {
    const rows = this.collab.snapshot()?.levels ?? [];
    return [...rows].sort((a, b) => EFFORT_LEVELS.indexOf(a.level) - EFFORT_LEVELS.indexOf(b.level)) as unknown as GridRow[];
  });
  protected readonly missingLevels = computed(() => {
    const have = new Set((this.collab.snapshot()?.levels ?? []).map((l) => l.level));
    return EFFORT_LEVELS.filter((l) => !have.has(l));
  });
  protected readonly objectives = computed(() => this.listRows('objectives'));
  protected readonly alternatives = computed(() => this.listRows('alternatives'));

  /** the split of a joint package: one share per department, and whether it sums to 100 % */
  protected readonly split = computed(() => {
    const snapshot = this.collab.snapshot();
    if (!snapshot || this.departmentCodes().length < 2) return null;
    const byCode = new Map(snapshot.costSplit.map((s) => [s.departmentId, s.basisPoints]));
    const shares = snapshot.departmentIds.map((code) => ({ code, label: this.departments.name(code), basisPoints: byCode.get(code) ?? 0 }));
    const sum = shares.reduce((s, share) => s + share.basisPoints, 0);
    return { shares, sum, ok: sum === BASIS_POINTS_PER_UNIT };
  });
  protected readonly splitError = signal<string | null>(null);

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
    effect(() => {
      const notice = this.collab.serverRights();
      if (!notice) return;
      const lock = notice.locked?.stage ?? null;
      if (this.lastLock !== undefined && lock !== this.lastLock) untracked(() => this.lockChange.emit());
      this.lastLock = lock;
    });
  }

  protected readonly nameOf = (row: GridRow): string => String(row['name'] ?? '');

  protected percent(bp: number): string {
    return String(bp / 100);
  }

  protected setShare(code: string, text: string): void {
    const bp = percentToBasisPoints(text);
    this.splitError.set(bp === null ? this.i18n.t('editor.splitInvalid', { department: this.departments.name(code) }) : null);
    if (bp !== null) this.collab.setShare(code, bp);
  }

  protected setContingency(text: string): void {
    const bp = percentToBasisPoints(text);
    if (bp !== null) this.collab.setContingency(bp);
  }

  // ---- rows of the shared part and department activities ----

  protected patchRow(code: string, collection: Collection, change: CellPatch): void {
    this.collab.updateRow(code, collection, change.key, { [change.field]: change.value });
  }

  protected moveRow(code: string, collection: Collection, change: RowMove): void {
    this.collab.moveRow(code, collection, change.key, change.toIndex);
  }

  protected removeRow(code: string, collection: Collection, key: string): void {
    this.collab.removeRow(code, collection, key);
  }

  protected addActivity(code: string): void {
    this.collab.addRows(code, 'activities', [{ id: newRowId(), name: '', start: '', end: '' }]);
  }

  protected addKpi(): void {
    this.collab.addRows(SHARED_SECTION, 'kpis', [{ id: newRowId(), name: '', unit: '', baseline: 0, target: 0, direction: 'increase' }]);
  }

  protected addRisk(): void {
    this.collab.addRows(SHARED_SECTION, 'risks', [{ id: newRowId(), description: '', mitigation: '' }]);
  }

  protected addLevel(level: EffortLevel): void {
    this.collab.addRows(SHARED_SECTION, 'levels', [{ level, description: '', costFen: 0, outcome: '' }]);
  }

  // ---- objectives and alternatives (lists of strings) ----

  private listRows(field: SharedListField): GridRow[] {
    return (this.collab.snapshot()?.[field] ?? []).map((text, i) => ({ id: String(i), text }));
  }

  private listValues(field: SharedListField): string[] {
    return [...(this.collab.snapshot()?.[field] ?? [])];
  }

  protected patchList(field: SharedListField, change: CellPatch): void {
    const values = this.listValues(field);
    values[Number(change.key)] = String(change.value);
    this.collab.setList(field, values);
  }

  protected moveList(field: SharedListField, change: RowMove): void {
    const values = this.listValues(field);
    const [item] = values.splice(Number(change.key), 1);
    values.splice(change.toIndex, 0, item);
    this.collab.setList(field, values);
  }

  protected removeList(field: SharedListField, key: string): void {
    const values = this.listValues(field);
    values.splice(Number(key), 1);
    this.collab.setList(field, values);
  }

  protected addListItem(field: SharedListField, testId: string): void {
    const values = this.listValues(field);
    this.collab.setList(field, [...values, '']);
    setTimeout(() => this.grids().find((g) => g.testId() === testId)?.focusCell(values.length, 0));
  }

  // ---- who is where ----

  /** The field this person is in, shared with the others: its test id as the key, its label as shown. */
  protected onFocusIn(event: FocusEvent): void {
    const target = event.target;
    if (!(target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement)) return;
    const key = target.dataset['testid'] ?? target.id;
    if (!key) return;
    const label = (target.labels?.[0]?.textContent ?? target.getAttribute('aria-label') ?? target.getAttribute('placeholder') ?? key).trim().slice(0, 80);
    this.collab.setFocus({ key, label });
  }

  protected onFocusOut(event: FocusEvent): void {
    if (!(event.relatedTarget instanceof Node) || !this.host.contains(event.relatedTarget)) this.collab.setFocus(null);
  }

  private readonly markOthers = effect(() => {
    const peers = this.collab.peers();
    untracked(() => {
      for (const element of this.marked) {
        element.style.removeProperty('outline');
        element.removeAttribute('data-editing-by');
        element.removeAttribute('title');
      }
      this.marked = [];
      for (const peer of peers) {
        if (!peer.field) continue;
        const element = this.host.querySelector<HTMLElement>(`[data-testid="${CSS.escape(peer.field.key)}"]`);
        if (!element || element === document.activeElement) continue;
        element.style.outline = `2px solid ${peer.color}`;
        element.dataset['editingBy'] = peer.name;
        element.title = this.i18n.t('collab.editingBy', { name: peer.name });
        this.marked.push(element);
      }
    });
  });
}
