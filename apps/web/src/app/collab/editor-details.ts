import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { SHARED_SECTION } from '@zerobase/collab/editor';
import { EFFORT_LEVELS, type EffortLevel } from '@zerobase/domain';
import { I18n, registerMessages } from '../core/i18n';
import { CollabSession } from './collab-session';
import { COLLAB_MESSAGES } from './collab.messages';
import { activityColumns, kpiColumns, levelColumns, riskColumns } from './editor-columns';
import { newRowId } from './row-id';
import { RowGrid, type CellPatch, type GridRow, type RowMove } from './row-grid';
import { YTextDirective } from './y-text';
import type * as Y from 'yjs';

registerMessages(COLLAB_MESSAGES);

type Collection = 'activities' | 'kpis' | 'risks' | 'levels';

/** One section of the editor as the details need it: a department (or the shared part), its activities and notes. */
export interface DetailSection {
  key: string;
  heading: string;
  owner: string;
  activities: GridRow[];
  notes: Y.Text | null;
  editable: boolean;
}

/**
 * The editor's parts below the cost lines: KPIs, levels of effort, risks, activities and the
 * departments' notes. A component of its own so that the page loads it after the cost lines and
 * totals are up (`@defer` in co-editing.html); it edits the same document (the page's CollabSession).
 */
@Component({
  selector: 'zb-editor-details',
  imports: [RowGrid, YTextDirective],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './editor-details.html',
  styleUrl: './editor-details.css',
})
export class EditorDetails {
  readonly sections = input.required<readonly DetailSection[]>();
  /** the replica has loaded (editable from then on) */
  readonly ready = input.required<boolean>();
  /** this user may write the shared part */
  readonly canShared = input.required<boolean>();

  protected readonly i18n = inject(I18n);
  private readonly collab = inject(CollabSession);
  protected readonly shared = SHARED_SECTION;
  private readonly t = (key: string, params?: Record<string, string | number>) => this.i18n.t(key, params);

  protected readonly kpiColumns = computed(() => kpiColumns(this.t));
  protected readonly riskColumns = computed(() => riskColumns(this.t));
  protected readonly levelColumns = computed(() => levelColumns(this.t));
  protected readonly activityColumns = computed(() => activityColumns(this.t));

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

  protected readonly nameOf = (row: GridRow): string => String(row['name'] ?? '');

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
}
