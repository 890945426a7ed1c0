import { literal, type Literal } from '../odata/filter';
import { isGuid } from '../odata/literals';
import type { MetadataModel, PropertyModel } from '../odata/model';
import { convertValue } from './convert';
import { FieldValueError } from './errors';
import type { FieldTarget } from './properties';

/**
 * A value to compare with a field in `$filter`, checked and written by the field's type: a GUID
 * for references, `datetime'…'` in the base's time zone for dates, numbers, booleans, enumeration
 * members and text. Composite fields compare with a typed reference, which needs its set: they are
 * refused here. Throws FieldValueError.
 */
export function filterLiteral(
	property: PropertyModel,
	value: unknown,
	target: FieldTarget,
	options: { model: MetadataModel; timeZone: string },
): Literal {
	if (property.kind === 'composite' || property.kind === 'compositeType' || property.kind === 'tabularSection') {
		throw new FieldValueError(property.name, value, 'cannot be compared in a filter here');
	}
	if (property.kind === 'reference' || property.name === 'Ref_Key') {
		const text = typeof value === 'string' ? value.trim() : value;
		if (!isGuid(text)) throw new FieldValueError(property.name, value, 'is not a GUID');
		return literal.guid(text);
	}
	const written = convertValue(property, value, target, options);
	if (typeof written === 'boolean') return literal.boolean(written);
	if (typeof written === 'number') return literal.number(written);
	switch (property.type) {
		case 'Edm.DateTime':
		case 'Edm.DateTimeOffset':
			// already server time without an offset, so it is kept as it is
			return literal.dateTime(String(written), options.timeZone);
		case 'Edm.Int64':
		case 'Edm.Decimal':
			return literal.number(Number(written));
		case 'Edm.Guid':
			return literal.guid(String(written));
		default:
			return literal.string(String(written));
	}
}
