/**
 * The amount check: BAS recomputes an order (prices, discounts, rounding), so the total the CRM
 * expects may differ from the one the document ends with. The difference comes back with a text
 * ready for the CRM's comment, so the manager sees it where they work.
 */
import type { IDataObject } from 'n8n-workflow';

import { isGuid, EMPTY_GUID } from '../odata/literals';
import { literal } from '../odata/filter';
import type { EntitySetModel } from '../odata/model';
import { resourcePath } from '../odata/url';
import type { TransportContext } from '../../common/transport';
import { type BasConnection, basRequest } from '../transport';

export const DEFAULT_AMOUNT_FIELD = 'СуммаДокумента';
const CURRENCIES = 'Catalog_Валюты';
/** the currency fields of the usual documents, in the order they are preferred */
const CURRENCY_FIELDS = ['ВалютаДокумента_Key', 'Валюта_Key'];
/** ISO 4217 numeric codes (1C's currency Code) of the currencies a Ukrainian shop meets */
const ISO_BY_NUMBER: Record<string, string> = { '980': 'UAH', '840': 'USD', '978': 'EUR', '985': 'PLN', '826': 'GBP' };

export interface AmountCheck {
	/** whether the document's amount is the expected one (to the cent) */
	matches: boolean;
	expected: number;
	inBas: number;
	/** inBas − expected, rounded to cents */
	difference: number;
	currency: string;
	/** a text for the CRM's comment; only when the amounts differ */
	comment?: string;
}

// `|| 0` turns a rounded -0 into 0
const cents = (value: number) => Math.round(value * 100) / 100 || 0;

export function checkAmount(expected: number, inBas: number, currency: string): AmountCheck {
	const difference = cents(inBas - expected);
	const matches = Math.abs(difference) < 0.005;
	const check: AmountCheck = { matches, expected, inBas, difference, currency };
	if (!matches) check.comment = `Attention: order amount changed – ${inBas.toFixed(2)} ${currency}`;
	return check;
}

/** A currency as a CRM shows it: the letter code when 1C's catalog has it, else its name. */
export function currencyLabel(currency: IDataObject): string | undefined {
	const description = typeof currency.Description === 'string' ? currency.Description.trim() : '';
	if (/^[A-Z]{3}$/.test(description)) return description;
	const code = typeof currency.Code === 'string' ? currency.Code.trim() : '';
	return ISO_BY_NUMBER[code] ?? (description || undefined);
}

/** The document's currency field: `ВалютаДокумента_Key` (UNF, BP), `Валюта_Key` (UT) or another reference to the currencies. */
export function currencyField(set: EntitySetModel): string | undefined {
	const references = set.properties.filter((p) => p.kind === 'reference');
	return (
		CURRENCY_FIELDS.find((name) => references.some((p) => p.name === name)) ??
		references.find((p) => p.target === CURRENCIES)?.name
	);
}

/** The label of the document's currency, or `fallback` when the document has none or it cannot be read. */
export async function documentCurrency(
	ctx: TransportContext,
	connection: BasConnection,
	set: EntitySetModel,
	stored: IDataObject,
	fallback: string,
	itemIndex: number,
): Promise<string> {
	const field = currencyField(set);
	const ref = field === undefined ? undefined : stored[field];
	if (!isGuid(ref) || ref === EMPTY_GUID) return fallback;
	try {
		const currency = (await basRequest(ctx, connection, {
			method: 'GET',
			path: resourcePath(CURRENCIES, literal.guid(ref)),
			query: { select: ['Code', 'Description'] },
			itemIndex,
		})) as IDataObject;
		return currencyLabel(currency) ?? fallback;
	} catch {
		// the amount check only informs: an unreadable currency (rights, an unpublished catalog) is no failure
		return fallback;
	}
}
