/**
 * What the people template test (counterparties ↔ buyers) needs besides test/helpers/e2e.ts:
 * BAS counterparties with their contact information, and KeyCRM buyers, written and read back.
 */
import { basRows, type E2eState, keyCrmApi } from './e2e';
import { basChange, basDocument } from './e2e-sales';

const COUNTERPARTIES = 'Catalog_Контрагенты';

export interface Person {
	name: string;
	phone: string;
	email?: string;
}

/** A counterparty as a person enters it in BAS: a buyer with a phone (and email) in its contact information. */
export async function basCounterparty(state: E2eState, person: Person): Promise<string> {
	const created = await basDocument(state, COUNTERPARTIES, {
		Description: person.name,
		Покупатель: true,
		КонтактнаяИнформация: [
			{ LineNumber: '1', Тип: 'Телефон', НомерТелефона: person.phone, Представление: person.phone },
			...(person.email
				? [{ LineNumber: '2', Тип: 'АдресЭлектроннойПочты', АдресЭП: person.email, Представление: person.email }]
				: []),
		],
	});
	return String(created.Ref_Key);
}

export async function renameBasCounterparty(state: E2eState, ref: string, name: string): Promise<void> {
	await basChange(state, COUNTERPARTIES, ref, { Description: name });
}

/** BAS counterparties (not marked for deletion) holding this phone in their contact information. */
export async function basCounterpartiesWithPhone(
	state: E2eState,
	phone: string,
): Promise<Array<Record<string, unknown>>> {
	return (await basRows(state, COUNTERPARTIES, 'IsFolder eq false')).filter(
		(row) =>
			row.DeletionMark !== true &&
			((row.КонтактнаяИнформация ?? []) as Array<Record<string, unknown>>).some((c) => c.НомерТелефона === phone),
	);
}

export interface KeyCrmBuyer {
	id: number;
	full_name: string;
	phone: string[];
	email: string[];
}

export async function keyCrmBuyer(state: E2eState, person: Person): Promise<number> {
	const created = await keyCrmApi<{ id: number }>(state, 'POST', '/buyer', {
		full_name: person.name,
		phone: [person.phone],
		...(person.email ? { email: [person.email] } : {}),
	});
	return created.id;
}

export async function keyCrmBuyersWithPhone(state: E2eState, phone: string): Promise<KeyCrmBuyer[]> {
	const list = await keyCrmApi<{ data: KeyCrmBuyer[] }>(
		state,
		'GET',
		`/buyer?filter[buyer_phone]=${encodeURIComponent(phone)}&limit=50`,
	);
	return list.data;
}
