/**
 * Errors the way KeyCRM (a Laravel application) reports them: `{message}` for most failures and,
 * for 422, `{message, errors: {field: [messages]}}` with Laravel's wording, where a field's name
 * is shown with spaces for underscores (`buyer.full_name` → "buyer.full name").
 */

export class KeyCrmError extends Error {
	constructor(
		readonly status: number,
		message: string,
		readonly errors?: Record<string, string[]>,
		/** a reply body other than Laravel's `{message, errors}` (e.g. `{"status": false}`) */
		private readonly reply?: Record<string, unknown>,
	) {
		super(message);
	}

	get body(): Record<string, unknown> {
		if (this.reply) return this.reply;
		return this.errors ? { message: this.message, errors: this.errors } : { message: this.message };
	}
}

/** Laravel's generic 422 message (the per-field messages carry the detail). */
export const INVALID_DATA = 'The given data was invalid.';

export function notFound(model: string, id: string | number): KeyCrmError {
	return new KeyCrmError(404, `No query results for model [App\\Models\\${model}] ${id}`);
}

function label(field: string): string {
	return field.replace(/_/g, ' ');
}

export type Dict = Record<string, unknown>;

/** Whether a field was given: Laravel treats null and '' as missing. */
export function isPresent(value: unknown): boolean {
	return value !== undefined && value !== null && value !== '';
}

/** A given value as a string; null when missing. */
export function strOrNull(value: unknown): string | null {
	return isPresent(value) ? String(value) : null;
}

export function isDict(value: unknown): value is Dict {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNumeric(value: unknown): boolean {
	if (typeof value === 'number') return Number.isFinite(value);
	return typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value));
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Collects field errors, then throws them all at once, as Laravel's validator does. */
export class Validator {
	readonly errors: Record<string, string[]> = {};

	constructor(private readonly status = 422) {}

	add(field: string, message: string): void {
		(this.errors[field] ??= []).push(message);
	}

	has(field: string): boolean {
		return field in this.errors;
	}

	get failed(): boolean {
		return Object.keys(this.errors).length > 0;
	}

	throwIfFailed(): void {
		if (this.failed) throw new KeyCrmError(this.status, INVALID_DATA, this.errors);
	}

	present(value: unknown): boolean {
		return isPresent(value);
	}

	required(field: string, value: unknown): boolean {
		if (this.present(value) && !(Array.isArray(value) && value.length === 0)) return true;
		this.add(field, `The ${label(field)} field is required.`);
		return false;
	}

	requiredWithout(field: string, value: unknown, other: string, otherValue: unknown): boolean {
		if (this.present(value) || this.present(otherValue)) return true;
		this.add(field, `The ${label(field)} field is required when ${label(other)} is not present.`);
		return false;
	}

	/** optional number (numeric strings accepted, as Laravel does); returns it as a number */
	number(
		field: string,
		value: unknown,
		options: { min?: number; max?: number; integer?: boolean } = {},
	): number | undefined {
		if (!this.present(value)) return undefined;
		if (!isNumeric(value)) {
			this.add(field, `The ${label(field)} must be ${options.integer ? 'an integer' : 'a number'}.`);
			return undefined;
		}
		const n = Number(value);
		if (options.integer && !Number.isInteger(n)) {
			this.add(field, `The ${label(field)} must be an integer.`);
			return undefined;
		}
		if (options.min !== undefined && n < options.min) {
			this.add(field, `The ${label(field)} must be at least ${options.min}.`);
			return undefined;
		}
		if (options.max !== undefined && n > options.max) {
			this.add(field, `The ${label(field)} must not be greater than ${options.max}.`);
			return undefined;
		}
		return n;
	}

	integer(field: string, value: unknown): number | undefined {
		return this.number(field, value, { integer: true });
	}

	string(field: string, value: unknown, max = 255): string | undefined {
		if (!this.present(value)) return undefined;
		if (typeof value !== 'string' && typeof value !== 'number') {
			this.add(field, `The ${label(field)} must be a string.`);
			return undefined;
		}
		const text = String(value);
		if (text.length > max) {
			this.add(field, `The ${label(field)} must not be greater than ${max} characters.`);
			return undefined;
		}
		return text;
	}

	boolean(field: string, value: unknown): boolean | undefined {
		if (!this.present(value)) return undefined;
		if (value === true || value === false) return value;
		if (value === 1 || value === '1' || value === 'true') return true;
		if (value === 0 || value === '0' || value === 'false') return false;
		this.add(field, `The ${label(field)} field must be true or false.`);
		return undefined;
	}

	email(field: string, value: unknown): string | undefined {
		const text = this.string(field, value);
		if (text === undefined) return undefined;
		if (!EMAIL.test(text)) {
			this.add(field, `The ${label(field)} must be a valid email address.`);
			return undefined;
		}
		return text;
	}

	/** optional array with at most `max` items */
	array(field: string, value: unknown, max?: number): unknown[] | undefined {
		if (value === undefined || value === null) return undefined;
		if (!Array.isArray(value)) {
			this.add(field, `The ${label(field)} must be an array.`);
			return undefined;
		}
		if (max !== undefined && value.length > max) {
			this.add(field, `The ${label(field)} must not have more than ${max} items.`);
			return undefined;
		}
		return value;
	}

	object(field: string, value: unknown): Dict | undefined {
		if (value === undefined || value === null) return undefined;
		if (!isDict(value)) {
			this.add(field, `The ${label(field)} must be an array.`); // Laravel's word for an object too
			return undefined;
		}
		return value;
	}

	oneOf<T extends string>(field: string, value: unknown, allowed: readonly T[]): T | undefined {
		if (!this.present(value)) return undefined;
		if (!allowed.includes(value as T)) {
			this.add(field, `The selected ${label(field)} is invalid.`);
			return undefined;
		}
		return value as T;
	}

	/** `exists:` — the id must name a record */
	exists<T>(field: string, value: unknown, find: (id: number) => T | undefined): T | undefined {
		const id = this.integer(field, value);
		if (id === undefined) return undefined;
		const found = find(id);
		if (!found) this.add(field, `The selected ${label(field)} is invalid.`);
		return found;
	}

	invalid(field: string): void {
		this.add(field, `The selected ${label(field)} is invalid.`);
	}

	taken(field: string): void {
		this.add(field, `The ${label(field)} has already been taken.`);
	}

	dateTime(field: string, value: unknown, parse: (v: unknown) => number | undefined): number | undefined {
		if (!this.present(value)) return undefined;
		const ms = parse(value);
		if (ms === undefined) this.add(field, `The ${label(field)} does not match the format Y-m-d H:i:s.`);
		return ms;
	}
}

/**
 * Runs one element's validation of a list body (`orders.3`): its field errors join `v` under the
 * element's prefix, as Laravel names the fields of `orders.*`; undefined when it failed.
 */
export function validateElement<T>(v: Validator, prefix: string, validate: () => T): T | undefined {
	try {
		return validate();
	} catch (error) {
		if (!(error instanceof KeyCrmError) || !error.errors) throw error;
		for (const [field, messages] of Object.entries(error.errors)) {
			for (const message of messages) v.add(`${prefix}.${field}`, message);
		}
		return undefined;
	}
}
