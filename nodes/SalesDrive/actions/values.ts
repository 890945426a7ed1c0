import { DateTime } from 'luxon';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

/** An error about one input item: the text starts with `Item N:` (n8n shows the index only as pairing). */
export function itemError(
	ctx: IExecuteFunctions,
	itemIndex: number,
	message: string,
	description?: string,
): NodeOperationError {
	return new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: ${message}`, { itemIndex, description });
}

export const isBlank = (value: unknown) =>
	value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

/** A value shown in an error message. */
export const shown = (value: unknown) => JSON.stringify(value) ?? String(value);

/** A text parameter that must not be empty, trimmed. */
export function requiredText(ctx: IExecuteFunctions, itemIndex: number, parameter: string, label: string): string {
	const value = ctx.getNodeParameter(parameter, itemIndex, '') as unknown;
	if (isBlank(value) || typeof value === 'object') {
		throw itemError(ctx, itemIndex, `${label} is empty (value: ${shown(value)})`);
	}
	return String(value).trim();
}

/** A number from a parameter or a mapped value (a decimal comma is accepted, as 1C writes it). */
export function numberOf(ctx: IExecuteFunctions, itemIndex: number, label: string, value: unknown): number {
	const number = typeof value === 'string' ? Number(value.replace(',', '.').trim()) : Number(value);
	if (isBlank(value) || typeof value === 'boolean' || typeof value === 'object' || !Number.isFinite(number)) {
		throw itemError(ctx, itemIndex, `${label} must be a number (value: ${shown(value)})`);
	}
	return number;
}

/** A JSON object given as an object or as JSON text; empty means none. */
export function jsonObjectOf(ctx: IExecuteFunctions, itemIndex: number, label: string, value: unknown): IDataObject {
	if (isBlank(value)) return {};
	let parsed = value;
	if (typeof value === 'string') {
		try {
			parsed = JSON.parse(value);
		} catch {
			throw itemError(ctx, itemIndex, `${label} is not valid JSON (value: ${shown(value)})`);
		}
	}
	if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
		throw itemError(ctx, itemIndex, `${label} must be a JSON object (value: ${shown(value)})`);
	}
	return parsed as IDataObject;
}

/** A JSON array given as an array or as JSON text. */
export function jsonArrayOf(ctx: IExecuteFunctions, itemIndex: number, label: string, value: unknown): IDataObject[] {
	let parsed = value;
	if (typeof value === 'string') {
		try {
			parsed = JSON.parse(value);
		} catch {
			throw itemError(ctx, itemIndex, `${label} is not valid JSON (value: ${shown(value)})`);
		}
	}
	if (!Array.isArray(parsed) || parsed.some((entry) => entry === null || typeof entry !== 'object')) {
		throw itemError(ctx, itemIndex, `${label} must be a JSON array of objects (value: ${shown(value)})`);
	}
	return parsed as IDataObject[];
}

/** Keeps the entries that have a value: optional fields left empty are not sent. */
export function withValues(fields: IDataObject): IDataObject {
	return Object.fromEntries(Object.entries(fields).filter(([, value]) => !isBlank(value)));
}

const WITH_ZONE = /(Z|[+-]\d\d:?\d\d)$/i;

/**
 * A datetime as SalesDrive's filters take it, `YYYY-MM-DD HH:MM:SS` on the account's wall clock.
 * A value without an offset is taken as that wall-clock time already; one with an offset (an ISO
 * time from another system, n8n's `$now`) is converted to the account's time zone, since
 * SalesDrive does not say which zone its times are in and shows them as local time (UNCERTAIN).
 */
export function accountDateTime(
	ctx: IExecuteFunctions,
	itemIndex: number,
	label: string,
	value: unknown,
	timeZone: string,
): string {
	const raw = value instanceof Date ? value.toISOString() : String(value ?? '').trim();
	const iso = raw.replace(' ', 'T');
	const dotted = /^(\d\d)\.(\d\d)\.(\d{4})$/.exec(raw);
	// a luxon DateTime (an expression's `$now`) turns into ISO text with its offset
	const parsed = dotted
		? DateTime.fromObject({ day: Number(dotted[1]), month: Number(dotted[2]), year: Number(dotted[3]) })
		: WITH_ZONE.test(iso)
			? DateTime.fromISO(iso, { setZone: true }).setZone(timeZone)
			: DateTime.fromISO(iso);
	if (!parsed.isValid) {
		throw itemError(
			ctx,
			itemIndex,
			`${label} is not a date and time (value: ${shown(value)})`,
			'Use YYYY-MM-DD HH:MM:SS.',
		);
	}
	return parsed.toFormat('yyyy-MM-dd HH:mm:ss');
}

/** The account time zone option of lists that filter by time. */
export const timeZoneOption: INodeProperties = {
	displayName: 'Account Time Zone',
	name: 'timeZone',
	type: 'string',
	default: 'Europe/Kyiv',
	description:
		'The zone SalesDrive shows times in; filter times given with an offset are converted to it, times without one are taken as they are',
};

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Points at what a refusal is about: when the CRM's message names a field this item sent, the
 * error's description adds the value sent, so the item, field and value are all in the error.
 */
export function explainRefusal(error: unknown, sent: IDataObject): unknown {
	if (!(error instanceof NodeApiError) && !(error instanceof NodeOperationError)) return error;
	const named: string[] = [];
	const visit = (value: unknown, path: string) => {
		if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
			for (const [key, entry] of Object.entries(value)) visit(entry, path ? `${path}.${key}` : key);
			return;
		}
		const key = path.split('.').pop() ?? path;
		if (key.length > 1 && new RegExp(`\\b${escapeRegExp(key)}\\b`).test(error.message))
			named.push(`${path} = ${shown(value)}`);
	};
	visit(sent, '');
	if (named.length > 0) {
		error.description = [error.description, `Sent: ${named.join(', ')}`].filter(Boolean).join('\n');
	}
	return error;
}
