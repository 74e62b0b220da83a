import { COST_CATEGORIES, type CostCategory } from './types';

/** Chinese names (and one spelling) of the cost categories as people type them in spreadsheets. */
const CATEGORY_WORDS: Record<string, CostCategory> = {
  土地与拆迁: 'land',
  土地拆迁: 'land',
  土地: 'land',
  拆迁: 'land',
  征地拆迁: 'land',
  材料: 'materials',
  材料费: 'materials',
  机械: 'machinery',
  机械费: 'machinery',
  机械租赁: 'machinery',
  人工: 'labour',
  人工费: 'labour',
  劳务: 'labour',
  设备: 'equipment',
  设备费: 'equipment',
  设备购置: 'equipment',
  服务: 'services',
  服务费: 'services',
  其他: 'other',
  其它: 'other',
  labor: 'labour',
};

/** Full-width ASCII (Ｕ+FF01–FF5E) and the ideographic space as their ASCII forms. */
export function toHalfWidth(text: string): string {
  return text.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}

/** A category cell: a key (materials) or its Chinese name (材料, 材料费…); empty is "other". */
export function readCategoryCell(cell: string): CostCategory | null {
  const clean = toHalfWidth(cell).trim();
  if (clean === '') return 'other';
  const lower = clean.toLowerCase();
  if ((COST_CATEGORIES as readonly string[]).includes(lower)) return lower as CostCategory;
  return CATEGORY_WORDS[clean] ?? CATEGORY_WORDS[lower] ?? null;
}
