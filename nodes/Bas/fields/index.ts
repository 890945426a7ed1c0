/**
 * Writing BAS objects from mapped values, for any entity set `$metadata` describes (documents,
 * catalogs, their tabular sections):
 * - `mapperFields`: the columns of n8n's resource mapper for a target;
 * - `toODataBody` / `toODataRows`: mapped values (or rows) checked against `$metadata` and
 *   converted into an OData body, refusing unknown names and values of the wrong type with a
 *   FieldValueError that names the field and the value;
 * - `filterLiteral`: a value compared with a field in `$filter`, written by the field's type;
 * - `changedFields`: the part of a body that differs from the object as the base holds it.
 */
export { changedFields } from './changes';
export { mapperFields } from './columns';
export { type ConvertOptions, isBlank, toODataBody, toODataRows } from './convert';
export { FieldValueError } from './errors';
export { filterLiteral } from './literal';
export { entityTarget, enumMembers, type FieldTarget, fieldRole, isRequiredField, sectionTarget } from './properties';
