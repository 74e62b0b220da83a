/** Texts for what the ranking withholds from a role (libs/domain visibility). */
export const VISIBILITY_MESSAGES = {
  'ranking.breakdownAfterClose': ['评分结束后公布各项指标得分和评分人数', 'Per-criterion values and reviewer counts are published when scoring closes'],
} as const satisfies Record<string, readonly [string, string]>;
