/** Messages of a package's stage moves and of the conflicts that block them. [zh-CN, en], ICU MessageFormat. */
export const STAGE_MOVE_MESSAGES = {
  'stageMove.title': ['阶段流转', 'Stage'],
  'stageMove.current': ['当前阶段：', 'Current stage:'],
  'stageMove.submit': ['提交审核', 'Submit for review'],
  'stageMove.withdraw': ['撤回至编制', 'Withdraw to drafting'],
  'stageMove.moveTo': ['移至阶段', 'Move to'],
  'stageMove.move': ['移动', 'Move'],
  'stageMove.done': ['已移至“{stage}”阶段', 'Moved to {stage}'],
  'stageMove.blocked': ['无法进入审核：还有 {n} 个未解决的冲突，请先处理：', '{n, plural, one {One open conflict blocks} other {# open conflicts block}} the move to review; settle them first:'],
  'conflictKind.concurrentOverwrite': ['同时修改同一内容', 'Edited at the same time'],
  'conflictKind.editDelete': ['修改与删除冲突', 'Edited and deleted'],
  'conflictKind.splitInvariant': ['分摊比例之和不为 100%', 'Shares do not add up to 100%'],
  'conflictKind.envelope': ['超出部门预算控制数', 'Over the department’s envelope'],
  'conflictKind.quota': ['超出可分配资金总额', 'Over the available quota'],
  'conflictKind.duplicateWork': ['疑似重复申报', 'Possible duplicate work'],
} as const satisfies Record<string, readonly [string, string]>;
