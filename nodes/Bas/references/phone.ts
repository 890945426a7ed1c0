/**
 * Phone numbers as the look-ups compare them: Ukrainian numbers in the international form
 * `+380XXXXXXXXX`, other countries' numbers as `+` and their digits. A CRM hands over whatever a
 * customer typed, so every usual Ukrainian spelling is accepted and anything that cannot be read
 * as one number is refused rather than guessed.
 */

/** Thrown for text that is not a phone number this module can write in the international form. */
export class PhoneNumberError extends Error {
	constructor(
		message: string,
		readonly value: string,
	) {
		super(message);
	}
}

// separators people type between digit groups: spaces, dashes, dots, brackets, slashes
const SEPARATORS = /[\s\-.()/\u00a0\u2010-\u2015]/g;

/** E.164: at most 15 digits after `+`; fewer than 8 is no dialable international number. */
const INTERNATIONAL = /^\+[1-9]\d{7,14}$/;

/**
 * `0XX XXX XX XX`, `380XXXXXXXXX`, `+38 (0XX) XXX-XX-XX`, `8 0XX XXX-XX-XX` (the old trunk prefix),
 * `00380…` → `+380XXXXXXXXX`; `+48 …` and other international numbers → `+` and the digits.
 * Throws PhoneNumberError for anything else, saying why.
 */
export function normalisePhone(text: string): string {
	const value = String(text ?? '');
	const compact = value.trim().replace(SEPARATORS, '');
	if (compact === '') throw new PhoneNumberError('The phone number is empty', value);
	const international = compact.startsWith('00') ? `+${compact.slice(2)}` : compact;
	if (!/^\+?\d+$/.test(international)) {
		throw new PhoneNumberError(
			`"${value}" is not a phone number: only digits, spaces, dashes, brackets and a leading + are allowed`,
			value,
		);
	}
	const digits = international.replace('+', '');
	if (international.startsWith('+')) {
		// +381 (Serbia), +385 (Croatia) … share the 38 prefix: only 380 is Ukraine
		if (digits.startsWith('380')) return ukrainian(digits, value);
		if (!INTERNATIONAL.test(international)) {
			throw new PhoneNumberError(
				`"${value}" is not an international phone number (+ and 8 to 15 digits with the country code)`,
				value,
			);
		}
		return international;
	}
	// without "+" only the Ukrainian spellings are unambiguous
	if (/^380\d{9}$/.test(digits)) return `+${digits}`;
	if (/^0\d{9}$/.test(digits)) return `+38${digits}`;
	if (/^80\d{9}$/.test(digits)) return `+3${digits}`;
	throw new PhoneNumberError(
		`"${value}" is not a Ukrainian phone number (0XX XXX XX XX or +380XXXXXXXXX); write other countries' numbers with + and the country code`,
		value,
	);
}

/** `380…` → `+380XXXXXXXXX` when nine digits follow the `380` */
function ukrainian(digits: string, value: string): string {
	if (/^380\d{9}$/.test(digits)) return `+${digits}`;
	throw new PhoneNumberError(
		`"${value}" is not a valid Ukrainian phone number: +380 must be followed by exactly 9 digits`,
		value,
	);
}

/**
 * The spellings of one normalised number a base may have stored: as given (`+380501234567`),
 * without the plus (`380501234567`) and, for Ukrainian numbers, the national form (`0501234567`).
 * How BAS fills its phone column is not the same in every configuration, so a look-up can match
 * any of them.
 */
export function phoneSpellings(normalised: string): string[] {
	const spellings = [normalised, normalised.replace(/^\+/, '')];
	if (normalised.startsWith('+380')) spellings.push(normalised.slice(3));
	return spellings;
}
