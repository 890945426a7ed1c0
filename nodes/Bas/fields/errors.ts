/**
 * A value that cannot be written to a field: names the field, the value and why, so the node can
 * say which item and which line it came from. Raised before anything is sent to 1C.
 */
export class FieldValueError extends Error {
	constructor(
		/** OData property name, e.g. `Контрагент_Key` */
		readonly field: string,
		readonly value: unknown,
		/** why the value does not fit, e.g. `is not a GUID` */
		readonly reason: string,
		/** where the field sits when not in the header, e.g. `Запасы line 2` */
		readonly location?: string,
	) {
		super(`${location ? `${location}, field` : 'Field'} "${field}": ${shown(value)} ${reason}`);
		this.name = 'FieldValueError';
	}
}

/** A value as the message quotes it: short, and objects as JSON. */
function shown(value: unknown): string {
	if (value === undefined) return 'no value';
	const text = typeof value === 'string' ? value : JSON.stringify(value);
	const clipped = text === undefined ? String(value) : text.length > 80 ? `${text.slice(0, 77)}...` : text;
	return typeof value === 'string' ? `"${clipped}"` : clipped;
}
