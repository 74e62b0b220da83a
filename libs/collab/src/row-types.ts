/**
 * Plain shapes of the rows stored in the document, their field specs, validation on write and
 * tolerant decoding on read (a projection must never throw on whatever a peer wrote).
 */
import { COST_CATEGORIES, EFFORT_LEVELS, type CostCategory, type EffortIncrement, type Fen, type Kpi, type Risk } from '@zerobase/domain';
import { CollabError, ROW_KEY, type RowCollection } from './schema';

export interface CostLineData {
  id: string;
  category: CostCategory;
  description: string;
  /** quantity in thousandths of a unit */
  quantityMilli: number;
  unit: string;
  unitCostFen: Fen;
  year: number;
  location?: string;
  /** shared lines only: the departments whose lines were merged into this one */
  fromDepartmentIds?: string[];
}

export interface ActivityData {
  id: string;
  name: string;
  start: string;
  end: string;
}

export interface RowTypes {
  costLines: CostLineData;
  activities: ActivityData;
  kpis: Kpi;
  risks: Risk;
  levels: EffortIncrement;
}

type FieldType = 'string' | 'int' | 'amount' | 'number' | 'category' | 'direction' | 'level' | 'stringList';
interface FieldSpec {
  type: FieldType;
  optional?: boolean;
}

export const ROW_FIELDS: { [C in RowCollection]: Record<keyof RowTypes[C] & string, FieldSpec> } = {
  costLines: {
    id: { type: 'string' },
    category: { type: 'category' },
    description: { type: 'string' },
    quantityMilli: { type: 'amount' },
    unit: { type: 'string' },
    unitCostFen: { type: 'amount' },
    year: { type: 'int' },
    location: { type: 'string', optional: true },
    fromDepartmentIds: { type: 'stringList', optional: true },
  },
  activities: { id: { type: 'string' }, name: { type: 'string' }, start: { type: 'string' }, end: { type: 'string' } },
  kpis: {
    id: { type: 'string' },
    name: { type: 'string' },
    unit: { type: 'string' },
    baseline: { type: 'number' },
    target: { type: 'number' },
    direction: { type: 'direction' },
  },
  risks: { id: { type: 'string' }, description: { type: 'string' }, mitigation: { type: 'string' } },
  levels: { level: { type: 'level' }, description: { type: 'string' }, costFen: { type: 'amount' }, outcome: { type: 'string' } },
};

function fieldOk(type: FieldType, value: unknown): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'int':
      return typeof value === 'number' && Number.isSafeInteger(value);
    case 'amount':
      return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'category':
      return typeof value === 'string' && (COST_CATEGORIES as readonly string[]).includes(value);
    case 'direction':
      return value === 'increase' || value === 'decrease';
    case 'level':
      return typeof value === 'string' && (EFFORT_LEVELS as readonly string[]).includes(value);
    case 'stringList':
      return Array.isArray(value) && value.every((v) => typeof v === 'string');
  }
}

const DEFAULTS: Record<FieldType, unknown> = {
  string: '',
  int: 0,
  amount: 0,
  number: 0,
  category: 'other',
  direction: 'increase',
  level: 'current',
  stringList: [],
};

function specsOf(collection: RowCollection): Record<string, FieldSpec> {
  return ROW_FIELDS[collection] as Record<string, FieldSpec>;
}

/** Throws CollabError unless every given field is known and well typed (undefined = remove an optional field). */
export function validateRowFields(collection: RowCollection, fields: Record<string, unknown>, complete: boolean): void {
  const specs = specsOf(collection);
  for (const [key, value] of Object.entries(fields)) {
    const spec = Object.prototype.hasOwnProperty.call(specs, key) ? specs[key] : undefined;
    if (!spec) throw new CollabError(`${collection} has no field "${key}"`);
    if (value === undefined) {
      if (!spec.optional) throw new CollabError(`${collection}.${key} is required`);
      continue;
    }
    if (!fieldOk(spec.type, value)) throw new CollabError(`${collection}.${key} has an invalid value ${JSON.stringify(value)}`);
  }
  if (complete) {
    for (const [key, spec] of Object.entries(specs)) {
      if (!spec.optional && fields[key] === undefined) throw new CollabError(`${collection}.${key} is required`);
    }
  }
}

/**
 * Decode a raw row (as stored) into its typed shape: unknown keys are dropped, invalid or
 * missing values are replaced by defaults and reported in `issues`.
 */
export function decodeRow<C extends RowCollection>(collection: C, raw: Record<string, unknown>, issues: string[]): RowTypes[C] {
  const out: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(specsOf(collection))) {
    const value = raw[key];
    if (value === undefined && spec.optional) continue;
    if (fieldOk(spec.type, value)) {
      out[key] = Array.isArray(value) ? [...value] : value;
    } else {
      issues.push(`${collection} row ${String(raw[ROW_KEY[collection]] ?? '?')}: invalid ${key}`);
      out[key] = spec.type === 'stringList' ? [] : DEFAULTS[spec.type];
    }
  }
  return out as unknown as RowTypes[C];
}

/** Only the known fields of a row-like object (e.g. a relational entity with extra columns). */
export function pickRowFields<C extends RowCollection>(collection: C, source: object): RowTypes[C] {
  const out: Record<string, unknown> = {};
  const record = source as Record<string, unknown>;
  for (const key of Object.keys(specsOf(collection))) {
    if (record[key] !== undefined && record[key] !== null) out[key] = record[key];
  }
  return out as unknown as RowTypes[C];
}
