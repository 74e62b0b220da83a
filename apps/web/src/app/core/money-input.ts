/** The 万元 input format lives in libs/domain (one number format for tables and inputs). */
export { parseWanYuanInput, formatWanYuanInput as wanYuanInputValue } from '@zerobase/domain';
