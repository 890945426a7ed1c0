/**
 * Reading the values of SalesDrive payloads (trimmed text, numbers with a decimal comma,
 * amounts or percentages, phones) and the money rounding every operation of the store shares.
 */
import { SalesDriveInputError } from './model';

export type Input = Record<string, unknown>;

export const round2 = (value: number) => Math.round(value * 100) / 100;
export const money = (value: number) => round2(value).toFixed(2);

export function text(value: unknown): string | null {
	if (value === undefined || value === null) return null;
	const result = String(value).trim();
	return result === '' ? null : result;
}

export function numberOf(value: unknown, what: string): number {
	const number = typeof value === 'string' ? Number(value.replace(',', '.').trim()) : Number(value);
	if (value === '' || value === null || typeof value === 'boolean' || !Number.isFinite(number)) {
		throw new SalesDriveInputError(`${what} must be a number, got ${JSON.stringify(value)}`);
	}
	return number;
}

/** "10%" → 10 as a percentage; "25" or 25 → 25 as an amount (per unit). */
export function amountOrPercent(value: unknown, what: string): { value: number; percent: number } {
	if (value === undefined || value === null || value === '') return { value: 0, percent: 0 };
	if (typeof value === 'string' && value.trim().endsWith('%')) {
		return { value: numberOf(value.trim().slice(0, -1), what), percent: 1 };
	}
	return { value: numberOf(value, what), percent: 0 };
}

/** Digits only, in the 380… form SalesDrive shows (0501234567 and +38 (050) … become 380501234567). */
export function normalizePhone(value: unknown): string | null {
	const digits = String(value ?? '').replace(/\D/g, '');
	if (digits === '') return null;
	if (digits.length === 10 && digits.startsWith('0')) return `38${digits}`;
	if (digits.length === 11 && digits.startsWith('80')) return `3${digits}`;
	return digits;
}

/**
 * Whether SalesDrive would take this as a phone number: digits with the usual separators
 * (`+`, spaces, brackets, dashes, dots) and 9 to 15 digits once normalised (E.164 has at most 15).
 * How SalesDrive checks phones is UNCERTAIN; a sandbox refusing what the service might refuse lets
 * the client's error path be tested.
 */
export function isAcceptablePhone(value: unknown): boolean {
	const raw = String(value ?? '').trim();
	if (raw === '') return true;
	if (!/^[+\d\s().-]+$/.test(raw)) return false;
	const digits = normalizePhone(raw) ?? '';
	return digits.length >= 9 && digits.length <= 15;
}
