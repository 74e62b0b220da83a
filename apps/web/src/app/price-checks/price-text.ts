import { registerMessages } from '../core/i18n';
import { formatUnitPrice, type LinePriceCheck, type PriceComparison } from '@zerobase/domain';
import { PRICE_CHECKS_MESSAGES } from './price-checks.messages';

registerMessages(PRICE_CHECKS_MESSAGES);

type T = (key: string, params?: Record<string, string | number>) => string;

/** "高出 122%" / "低于 58%" */
export function directionText(t: T, comparison: PriceComparison): string {
  const percent = Math.abs(comparison.deviationPercent);
  return comparison.deviationPercent >= 0 ? t('prices.mark.above', { percent }) : t('prices.mark.below', { percent });
}

/** Fiscal years as one text ("2025、2026" / "2025, 2026"). */
function yearsText(t: T, years: readonly number[]): string {
  return years.join(t('prices.listSeparator'));
}

/**
 * The sentences that say what a line was compared with, e.g. "参考价 900 元/米（2026 目录），本行
 * 2,000 元/米，高出 122%" — the catalogue first, then the department's past actuals.
 */
export function checkSentences(t: T, check: LinePriceCheck, categoryName: string): string[] {
  const out: string[] = [];
  const unit = check.unit.trim();
  const cost = formatUnitPrice(check.unitCostFen);
  if (check.catalogue) {
    out.push(t('prices.mark.catalogue', { reference: formatUnitPrice(check.catalogue.referenceFen), unit, edition: check.catalogue.edition, cost, direction: directionText(t, check.catalogue) }));
  }
  const history = check.history;
  if (history?.basis === 'perUnit') {
    out.push(t('prices.mark.history', { reference: formatUnitPrice(history.referenceFen), unit, years: yearsText(t, history.fiscalYears), cost, direction: directionText(t, history) }));
  } else if (history?.basis === 'spendRate') {
    out.push(t('prices.mark.spendRate', { category: categoryName, rate: history.rateBasisPoints / 100, years: yearsText(t, history.fiscalYears) }));
  }
  return out;
}
