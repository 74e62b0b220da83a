import { ChangeDetectionStrategy, Component, computed, DestroyRef, effect, ElementRef, inject, input, untracked, ViewEncapsulation } from '@angular/core';
import { changedAfter, isMarkedFor, type ChangeViewer, type LastChange } from '@zerobase/collab';
import { isCoordinator, liaisonDepartments } from '@zerobase/domain';
import { DepartmentsStore } from '../core/departments-store';
import { I18n, registerMessages } from '../core/i18n';
import { Session } from '../core/session';
import { markTarget, shortTime } from './change-targets';
import { LastChangesStore } from './last-changes-store';
import { CHANGE_MARKS_MESSAGES } from './change-marks.messages';

registerMessages(CHANGE_MARKS_MESSAGES);

interface Shown {
  change: LastChange;
  rows: boolean;
}

interface Placed {
  anchor: HTMLElement;
  mark: HTMLElement;
  key: string;
}

let nextId = 0;

/**
 * Marks, in the package editor around it, each value whose last change came from another
 * department (coordinators: from any department): a coloured corner on the field, with who and
 * when in a tooltip (on hover or focus) and in the field's description for screen readers.
 * Placed inside the editor after it is interactive (`@defer`); finds the fields by their test
 * ids and follows the editor's DOM as rows come and go.
 */
@Component({
  selector: 'zb-change-marks',
  providers: [LastChangesStore],
  changeDetection: ChangeDetectionStrategy.OnPush,
  encapsulation: ViewEncapsulation.None,
  styles: `
    zb-change-marks { display: none; }
    .zb-change-anchor { display: block; position: relative; height: 0; }
    .zb-change-mark {
      position: absolute; top: 0; right: 0; z-index: 3; width: 11px; height: 11px; cursor: help;
      background: linear-gradient(225deg, #c2410c 0 50%, transparent 50%);
    }
    .zb-change-mark.rows { top: 1px; right: 1px; }
    .zb-change-tip {
      display: none; position: absolute; right: 0; bottom: calc(100% + 3px); z-index: 20; pointer-events: none;
      white-space: nowrap; padding: 0.15rem 0.45rem; border-radius: 3px; font-size: 0.75rem; font-weight: normal;
      background: #3b2a1f; color: white; box-shadow: 0 1px 3px rgba(0, 0, 0, 0.25);
    }
    .zb-change-mark:hover .zb-change-tip,
    .zb-change-anchor:has(+ :is(input, textarea, select):is(:hover, :focus)) .zb-change-tip { display: block; }
  `,
  template: `<span data-testid="change-marks" [attr.data-answers]="store.answers()" [attr.data-marked]="marked()"></span>`,
})
export class ChangeMarks {
  readonly packageId = input.required<string>();
  readonly cycleId = input.required<string>();

  protected readonly store = inject(LastChangesStore);
  private readonly i18n = inject(I18n);
  private readonly session = inject(Session);
  private readonly departments = inject(DepartmentsStore);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;
  private readonly placed = new Map<HTMLElement, Placed>();
  private observer: MutationObserver | null = null;
  private frame: number | null = null;

  private readonly viewer = computed((): ChangeViewer => {
    const memberships = this.session.user()?.memberships ?? [];
    const cycleId = this.cycleId();
    const codeById = new Map(this.departments.all().map((d) => [d.id, d.code]));
    const departments = new Set([...liaisonDepartments(memberships, cycleId)].map((id) => codeById.get(id)).filter((code): code is string => !!code));
    return { coordinator: isCoordinator(memberships, cycleId), departments };
  });

  /** the changes shown to this viewer, by the path's field test id (the latest when several name one) */
  private readonly shown = computed(() => {
    const viewer = this.viewer();
    const shown = new Map<string, Shown & { grid: string | null; field: string }>();
    for (const change of this.store.changes().values()) {
      if (!isMarkedFor(change, viewer)) continue;
      const target = markTarget(change.path);
      if (!target) continue;
      const key = `${target.grid ?? ''}|${target.field}`;
      const known = shown.get(key);
      if (known && !changedAfter({ at: change.at, id: change.entryId }, { at: known.change.at, id: known.change.entryId })) continue;
      shown.set(key, { change, rows: target.rows, grid: target.grid, field: target.field });
    }
    return shown;
  });
  protected readonly marked = computed(() => this.shown().size);

  constructor() {
    this.departments.load();
    effect(() => {
      const packageId = this.packageId();
      untracked(() => this.store.open(packageId));
    });
    effect(() => {
      this.shown();
      this.i18n.language();
      this.departments.all();
      untracked(() => this.queue());
    });
    inject(DestroyRef).onDestroy(() => {
      this.observer?.disconnect();
      if (this.frame !== null) cancelAnimationFrame(this.frame);
      for (const element of [...this.placed.keys()]) this.unmark(element);
    });
  }

  /** the editor the marks go into */
  private editor(): HTMLElement | null {
    const editor = this.host.closest<HTMLElement>('zb-co-editing');
    if (editor && !this.observer) {
      // rows and sections come and go: place the marks again (at most once a frame)
      this.observer = new MutationObserver(() => this.queue());
      this.observer.observe(editor, { childList: true, subtree: true });
    }
    return editor;
  }

  private queue(): void {
    if (this.frame !== null) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = null;
      this.place();
    });
  }

  /** Brings the marks in the DOM in line with what is shown; touches nothing that is already right. */
  private place(): void {
    const editor = this.editor();
    if (!editor) return;
    const wanted = new Map<HTMLElement, Shown>();
    for (const { change, rows, grid, field } of this.shown().values()) {
      const scope = grid ? editor.querySelector<HTMLElement>(`[data-testid="${CSS.escape(grid)}"]`) : editor;
      const element = scope?.querySelector<HTMLElement>(`[data-testid="${CSS.escape(field)}"]`);
      if (element) wanted.set(element, { change, rows });
    }
    for (const element of [...this.placed.keys()]) {
      if (!wanted.has(element) || !element.isConnected) this.unmark(element);
    }
    for (const [element, shown] of wanted) this.mark(element, shown);
  }

  private mark(element: HTMLElement, { change, rows }: Shown): void {
    const { text, name } = this.describe(change, rows);
    const key = `${change.entryId}|${text}|${rows}`;
    let placed = this.placed.get(element);
    if (placed && placed.anchor.nextElementSibling !== element) {
      this.unmark(element);
      placed = undefined;
    }
    if (placed?.key === key) return;
    if (!placed) {
      const anchor = document.createElement('span');
      anchor.className = 'zb-change-anchor';
      const mark = document.createElement('span');
      mark.id = `zb-change-${++nextId}`;
      mark.setAttribute('role', 'img');
      mark.dataset['testid'] = 'change-mark';
      const tip = document.createElement('span');
      tip.className = 'zb-change-tip';
      tip.id = `${mark.id}-tip`;
      tip.setAttribute('aria-hidden', 'true');
      // the marker's accessible name is the tip's text (a person's name in it is data, marked translate="no")
      mark.setAttribute('aria-labelledby', tip.id);
      mark.append(tip);
      anchor.append(mark);
      element.before(anchor);
      const described = (element.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean);
      element.setAttribute('aria-describedby', [...described, mark.id].join(' '));
      placed = { anchor, mark, key };
      this.placed.set(element, placed);
    }
    placed.key = key;
    const { mark } = placed;
    mark.className = rows ? 'zb-change-mark rows' : 'zb-change-mark';
    mark.dataset['path'] = change.path;
    mark.dataset['department'] = change.department ?? '';
    mark.dataset['user'] = change.userName ?? '';
    mark.dataset['at'] = change.at;
    writeTip(mark.firstElementChild as HTMLElement, text, name);
    element.dataset['changedBy'] = change.department ?? '';
  }

  private unmark(element: HTMLElement): void {
    const placed = this.placed.get(element);
    if (!placed) return;
    this.placed.delete(element);
    placed.anchor.remove();
    const described = (element.getAttribute('aria-describedby') ?? '').split(' ').filter((id) => id && id !== placed.mark.id);
    if (described.length) element.setAttribute('aria-describedby', described.join(' '));
    else element.removeAttribute('aria-describedby');
    delete element.dataset['changedBy'];
  }

  /** Who changed it and when, and the person's name within that text (data, not interface text), if any. */
  private describe(change: LastChange, rows: boolean): { text: string; name: string | null } {
    const department = change.department ? this.departments.name(change.department) : '';
    // no person: an observer's view (the department only), not a deleted user (whose id stays)
    if (change.userId === null && change.userName === null && department) {
      return { text: this.i18n.t(rows ? 'changes.rowsByDepartment' : 'changes.valueByDepartment', { department, time: shortTime(change.at) }), name: null };
    }
    const params = {
      department,
      name: change.userName ?? this.i18n.t('changes.someone'),
      time: shortTime(change.at),
    };
    return { text: this.i18n.t(rows ? 'changes.rows' : 'changes.value', params), name: change.userName };
  }
}

/** The tip's text, with the person's name in a span of its own marked translate="no". */
function writeTip(tip: HTMLElement, text: string, name: string | null): void {
  const at = name ? text.indexOf(name) : -1;
  if (!name || at < 0) {
    tip.textContent = text;
    return;
  }
  const person = document.createElement('span');
  person.setAttribute('translate', 'no');
  person.textContent = name;
  tip.replaceChildren(text.slice(0, at), person, text.slice(at + name.length));
}
