import { ApiHttp } from '../core/api-http';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import type { PanelCalibration } from '@zerobase/domain';
import { I18n, registerMessages } from '../core/i18n';
import { ALLOCATOR_MESSAGES } from './allocator.messages';
import { RANKING_MESSAGES } from './ranking.messages';

registerMessages(ALLOCATOR_MESSAGES);
registerMessages(RANKING_MESSAGES);

/** GET /api/cycles/:id/panel-calibration */
type PanelCalibrationView = PanelCalibration & { scoringClosed: boolean; codes: Record<string, string>; reviewerNames: Record<string, string> };

/** The panel's calibration for the coordinator: agreement (Kendall's W, ICC per criterion), each reviewer's bias, flags. */
@Component({
  selector: 'zb-panel-calibration',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <p class="muted">{{ i18n.t('panel.hint') }}</p>
    @if (panel(); as p) {
      <div data-testid="panel-calibration">
        <p class="stats">
          <span data-testid="kendall-w">{{ i18n.t('panel.kendall', { w: fixed(p.kendallW), reviewers: p.kendallReviewers, packages: p.kendallPackages }) }}</span>
          @for (c of p.criteria; track c.criterionKey) {
            <span class="icc">{{ i18n.t('criterion.' + c.criterionKey) }} ICC {{ fixed(c.icc) }}</span>
          }
        </p>
        <table>
          <thead>
            <tr>
              <th>{{ i18n.t('panel.reviewer') }}</th>
              <th class="num">{{ i18n.t('panel.packages') }}</th>
              <th class="num">{{ i18n.t('panel.bias') }}</th>
              <th class="num">{{ i18n.t('panel.agreement') }}</th>
              <th>{{ i18n.t('panel.flags') }}</th>
            </tr>
          </thead>
          <tbody>
            @for (r of p.reviewers; track r.reviewerId) {
              <tr data-testid="panel-reviewer" [class.flagged]="r.flags.length > 0">
                <td translate="no">{{ p.reviewerNames[r.reviewerId] ?? r.reviewerId }}</td>
                <td class="num">{{ r.packages }}</td>
                <td class="num">{{ signed(r.bias) }}</td>
                <td class="num">{{ fixed(r.agreement) }}</td>
                <td>{{ flagsText(r.flags) }}</td>
              </tr>
            }
          </tbody>
        </table>
        @if (flaggedPackages().length > 0) {
          <h3>{{ i18n.t('panel.packagesFlagged') }}</h3>
          <ul data-testid="panel-packages">
            @for (x of flaggedPackages(); track x.packageId) {
              <li>{{ p.codes[x.packageId] ?? x.packageId }}: {{ flagsText(x.flags) }} ({{ i18n.t('panel.reviews', { n: x.reviewers, sd: fixed(x.sd, 1) }) }})</li>
            }
          </ul>
        }
      </div>
    }
  `,
  styles: `
    .stats { display: flex; flex-wrap: wrap; gap: 0.4rem 1.2rem; }
    tr.flagged td { color: var(--accent); }
  `,
})
export class PanelCalibrationPanel {
  readonly cycleId = input.required<string>();
  /** changes whenever the ranking is recomputed (a new score), to reload */
  readonly version = input<string>('');
  protected readonly i18n = inject(I18n);
  private readonly http = inject(ApiHttp);
  protected readonly panel = signal<PanelCalibrationView | null>(null);
  protected readonly flaggedPackages = computed(() => (this.panel()?.packages ?? []).filter((p) => p.flags.length > 0));

  constructor() {
    effect(() => {
      const cycleId = this.cycleId();
      this.version();
      untracked(() => this.http.get<PanelCalibrationView>(`/api/cycles/${cycleId}/panel-calibration`).subscribe({ next: (p) => this.panel.set(p), error: () => undefined }));
    });
  }

  protected fixed(x: number | null, digits = 2): string {
    return x === null ? '—' : x.toFixed(digits);
  }

  protected signed(x: number): string {
    return `${x > 0 ? '+' : ''}${x.toFixed(1)}`;
  }

  protected flagsText(flags: readonly string[]): string {
    return flags.length === 0 ? '—' : flags.map((f) => this.i18n.t('panel.flag.' + f)).join(this.i18n.language() === 'en' ? ', ' : '、');
  }
}
