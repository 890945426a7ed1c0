/**
 * Counterparty find-or-create: the buyer of a CRM order found by phone, email, code or tax id,
 * or created with the CRM's name and contact. Phones and emails of counterparties live in the
 * `КонтактнаяИнформация` tabular section in UNF, UT and Accounting (UNF also keeps
 * `НомерТелефонаДляПоиска` / `АдресЭПДляПоиска` on the header); the fields stay settings, so a
 * base that keeps them elsewhere is served by naming its field.
 */
import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { TransportContext } from '../../common/transport';
import type { MetadataModel } from '../odata/model';
import type { BasConnection } from '../transport';
import type { LookupMatch } from './cache';
import { type CreateSpec, findOrCreate } from './create';
import { entitySetOf, LookupRuleError, resolveMatchField } from './fields';
import { findOne, type LookupOptions } from './lookup';
import { normalisePhone, PhoneNumberError, phoneSpellings } from './phone';
import type { FieldCondition, LookupRule } from './rules';

export type CounterpartyKey = 'phone' | 'email' | 'code' | 'taxId';

export const COUNTERPARTY_SET = 'Catalog_Контрагенты';

/** Where each key is looked for unless the caller names another field. */
export const DEFAULT_COUNTERPARTY_FIELDS: Record<CounterpartyKey, string> = {
	phone: 'КонтактнаяИнформация/НомерТелефона',
	email: 'КонтактнаяИнформация/АдресЭП',
	code: 'Code',
	// the Ukrainian ЄДРПОУ / ІПН field's name in BAS is not confirmed; ИНН is the one all three profiles have
	taxId: 'ИНН',
};

/** `Тип` of a contact-information row (enum `ТипыКонтактнойИнформации` of the standard subsystems). */
export const CONTACT_TYPES = { phone: 'Телефон', email: 'АдресЭлектроннойПочты' } as const;

export interface CounterpartyLookup {
	by: CounterpartyKey;
	value: string;
	/** default `Catalog_Контрагенты` */
	entitySet?: string;
	/** default DEFAULT_COUNTERPARTY_FIELDS[by] */
	field?: string;
	includeDeleted?: boolean;
	/** further fields to read with the look-up (e.g. UT's `Партнер_Key`, which its orders need too) */
	returnFields?: string[];
	/** when nothing matches: create (with these details) instead of failing */
	createIfMissing?: {
		/** `Description` of the new counterparty */
		description: string;
		/** further header attributes by OData name (`НаименованиеПолное`, `Parent_Key`, …) */
		attributes?: IDataObject;
		/** further columns of the contact-information row (`Вид_Key` of the base's phone kind, …) */
		contactRow?: IDataObject;
	};
}

export interface CounterpartyResult {
	status: 'found' | 'created';
	counterparty: LookupMatch;
	/** the value as it was looked up (a phone normalised to +380…) */
	matchedOn: { field: string; value: string };
	duplicateMarkedForDeletion?: string;
}

/** The condition for one key: a phone normalised and matched in its usual stored spellings. */
function condition(lookup: CounterpartyLookup, field: string): FieldCondition {
	const raw = String(lookup.value ?? '').trim();
	if (lookup.by === 'phone') {
		const phone = normalisePhone(raw);
		const [value, ...alsoMatch] = phoneSpellings(phone);
		return { field, value, alsoMatch };
	}
	if (lookup.by === 'email') {
		if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(raw)) throw new LookupRuleError(`"${raw}" is not an email address`);
	}
	return { field, value: raw };
}

/** The contact row a new counterparty gets: its kind and presentation where the section has those columns. */
function contactRow(model: MetadataModel, lookup: CounterpartyLookup, field: string, value: string): IDataObject {
	const row: IDataObject = {};
	const matchField = resolveMatchField(model, lookup.entitySet ?? COUNTERPARTY_SET, field);
	if (matchField.kind !== 'sectionColumn' || (lookup.by !== 'phone' && lookup.by !== 'email')) return row;
	const section = entitySetOf(model, lookup.entitySet ?? COUNTERPARTY_SET).properties.find(
		(p) => p.name === matchField.section,
	);
	const has = (column: string) => section?.columns?.some((c) => c.name === column) === true;
	if (has('Тип')) row.Тип = CONTACT_TYPES[lookup.by];
	if (has('Представление')) row.Представление = value;
	return { ...row, ...(lookup.createIfMissing?.contactRow ?? {}) };
}

/** A phone, email or field the look-up cannot use, as the item's error; other errors unchanged. */
function inputError(ctx: TransportContext, error: unknown, itemIndex: number | undefined): unknown {
	if (error instanceof PhoneNumberError || error instanceof LookupRuleError) {
		return new NodeOperationError(ctx.getNode(), error.message, { itemIndex });
	}
	return error;
}

/**
 * The counterparty with this phone / email / code / tax id: `found`, or `created` when absent and
 * `createIfMissing` is given (else a "not found" error naming the field and value); several
 * matches are an error listing them.
 */
export async function findOrCreateCounterparty(
	ctx: TransportContext,
	connection: BasConnection,
	model: MetadataModel,
	lookup: CounterpartyLookup,
	options: LookupOptions = {},
): Promise<CounterpartyResult> {
	const entitySet = lookup.entitySet ?? COUNTERPARTY_SET;
	const field = lookup.field ?? DEFAULT_COUNTERPARTY_FIELDS[lookup.by];
	let rule: LookupRule;
	let spec: CreateSpec;
	try {
		const match = condition(lookup, field);
		rule = { entitySet, conditions: [match], includeDeleted: lookup.includeDeleted, returnFields: lookup.returnFields };
		const create = lookup.createIfMissing;
		const matchField = resolveMatchField(model, entitySet, field);
		spec = {
			attributes: { ...(create?.attributes ?? {}), ...(create ? { Description: create.description } : {}) },
			sectionRows:
				matchField.kind === 'sectionColumn'
					? { [matchField.section!]: contactRow(model, lookup, field, String(match.value)) }
					: undefined,
		};
	} catch (error) {
		throw inputError(ctx, error, options.itemIndex);
	}
	const matchedOn = { field, value: String(rule.conditions[0].value) };

	if (!lookup.createIfMissing) {
		const counterparty = await findOne(ctx, connection, model, rule, options);
		return { status: 'found', counterparty, matchedOn };
	}
	if (!lookup.createIfMissing.description?.trim()) {
		throw new NodeOperationError(ctx.getNode(), 'A new counterparty needs a name (Description)', {
			itemIndex: options.itemIndex,
		});
	}
	const result = await findOrCreate(ctx, connection, model, rule, spec, options);
	return {
		status: result.status,
		counterparty: result.match,
		matchedOn,
		...(result.duplicateMarkedForDeletion ? { duplicateMarkedForDeletion: result.duplicateMarkedForDeletion } : {}),
	};
}
