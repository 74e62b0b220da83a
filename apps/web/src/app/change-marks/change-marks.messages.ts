/** Messages of the markers on values another department changed (change-marks/): [中文, English]. */
export const CHANGE_MARKS_MESSAGES = {
  'changes.value': ['由 {department} {name} 于 {time} 修改', 'Changed by {name} ({department}) on {time}'],
  'changes.rows': ['由 {department} {name} 于 {time} 增删或调整了行', 'Rows added, removed or moved by {name} ({department}) on {time}'],
  // observers read the department of a change, not the person (libs/domain seesStaffNames)
  'changes.valueByDepartment': ['由 {department} 于 {time} 修改', 'Changed by {department} on {time}'],
  'changes.rowsByDepartment': ['由 {department} 于 {time} 增删或调整了行', 'Rows added, removed or moved by {department} on {time}'],
  'changes.someone': ['（已删除的用户）', '(deleted user)'],
} as const satisfies Record<string, readonly [string, string]>;
