/**
 * The `where` filter, accepting exactly the forms FOKO-API.md documents and rejecting anything
 * else with a message that names the problem (a lenient server would hide client bugs).
 */
import { QueryError } from './query.ts';

const OPERATORS = { $gt: '>', $lt: '<', $gte: '>=', $lte: '<=' } as const;
type Operator = keyof typeof OPERATORS;
const OPERATOR_LIST = '$gt, $lt, $gte, $lte';
const ISO_MILLIS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** A SQL condition on `createdAt` (ISO strings compare like instants) and its parameters. */
export interface CreatedAtFilter {
  sql: string;
  params: string[];
}

export function parseWhere(raw: string): CreatedAtFilter {
  let where: unknown;
  try {
    where = JSON.parse(raw);
  } catch (error) {
    throw new QueryError(107, `where is not valid JSON: ${(error as Error).message}`);
  }
  if (!isPlainObject(where)) throw new QueryError(102, 'where must be a JSON object');
  const fields = Object.keys(where);
  const unknown = fields.find((field) => field !== 'createdAt');
  if (unknown !== undefined) {
    throw new QueryError(
      102,
      `unknown field "${unknown}" in where: only createdAt can be filtered`,
    );
  }
  const constraint = where.createdAt;
  if (!isPlainObject(constraint)) {
    throw new QueryError(
      102,
      `where.createdAt must be an object holding one operator (${OPERATOR_LIST}) or $and`,
    );
  }
  const keys = Object.keys(constraint);
  checkKnownOperators(keys, true);
  if (keys.length !== 1) {
    throw new QueryError(
      102,
      keys.length === 0
        ? `where.createdAt holds no operator: use one of ${OPERATOR_LIST} or $and`
        : `where.createdAt holds several operators (${keys.join(', ')}): combine two with {"$and": {...}}`,
    );
  }
  const [key] = keys as [string];
  if (key !== '$and') return comparisons({ [key]: constraint[key] });

  const range = constraint.$and;
  if (!isPlainObject(range)) {
    throw new QueryError(102, `$and must be an object holding exactly two of ${OPERATOR_LIST}`);
  }
  const rangeKeys = Object.keys(range);
  checkKnownOperators(rangeKeys, false);
  if (rangeKeys.length !== 2) {
    throw new QueryError(
      102,
      `$and must hold exactly two of ${OPERATOR_LIST}, got ${rangeKeys.length}`,
    );
  }
  return comparisons(range);
}

function checkKnownOperators(keys: string[], allowAnd: boolean) {
  for (const key of keys) {
    if (Object.hasOwn(OPERATORS, key)) continue;
    if (key === '$and') {
      if (allowAnd) continue;
      throw new QueryError(102, '$and cannot be nested');
    }
    throw new QueryError(
      102,
      `unknown operator "${key}" on createdAt: use ${OPERATOR_LIST}${allowAnd ? ' or $and' : ''}`,
    );
  }
}

function comparisons(operators: Record<string, unknown>): CreatedAtFilter {
  const parts: string[] = [];
  const params: string[] = [];
  for (const [operator, value] of Object.entries(operators)) {
    parts.push(`createdAt ${OPERATORS[operator as Operator]} ?`);
    params.push(parseDate(operator, value));
  }
  return { sql: parts.join(' AND '), params };
}

/** `{"__type": "Date", "iso": "yyyy-MM-ddTHH:mm:ss.SSSZ"}` -> its iso string, validated. */
function parseDate(operator: string, value: unknown): string {
  if (
    !isPlainObject(value) ||
    value.__type !== 'Date' ||
    typeof value.iso !== 'string' ||
    Object.keys(value).length !== 2
  ) {
    throw new QueryError(
      102,
      `the value of ${operator} must be a Parse Date: {"__type": "Date", "iso": "yyyy-MM-ddTHH:mm:ss.SSSZ"}`,
    );
  }
  const iso = value.iso;
  const time = Date.parse(iso);
  // The round trip rejects impossible dates such as 2014-02-30 that Date.parse would roll over.
  if (!ISO_MILLIS.test(iso) || Number.isNaN(time) || new Date(time).toISOString() !== iso) {
    throw new QueryError(
      102,
      `invalid date ${JSON.stringify(iso)} for ${operator}: expected yyyy-MM-ddTHH:mm:ss.SSSZ (UTC)`,
    );
  }
  return iso;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
