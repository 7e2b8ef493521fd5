export { type ColumnMap, escapeLike, filtersToSql, sortToSql } from './drizzle';
export {
  type FieldRule,
  type FieldRules,
  type FieldType,
  type FilterOp,
  filterOps,
  type ParsedFilter,
  type ParsedSort,
  parseFilters,
  parseSort,
} from './parse';
export { ListQuery } from './schema';
