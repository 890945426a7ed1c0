/**
 * Header references of a document write found in BAS instead of typed as Ref_Keys: the
 * counterparty (find-or-create by phone, email, code or tax id) and any reference field by a
 * look-up rule. Exactly one match is used; none fails the item naming the field and the value (or
 * creates the object, when chosen); several fail it listing the candidates.
 *
 * Every look-up of one node run shares one LookupCache, so a value repeated across items (the
 * same customer, the same organisation) is asked for once per execution.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { PropertyModel } from '../../odata/model';
import {
	COUNTERPARTY_SET,
	type CounterpartyKey,
	findOrCreate,
	findOrCreateCounterparty,
	LookupCache,
	lookupFailureMessage,
	lookupNodeError,
	lookupRuleProperty,
	readLookupRules,
	resolveLookups,
	type TargetedLookupRule,
} from '../../references';
import type { BasConnection } from '../../transport';
import type { DocumentType } from './documentType';

/** One cache per node run: n8n hands every item of a run the same execution context. */
const cachesByRun = new WeakMap<IExecuteFunctions, LookupCache>();

export function lookupCacheOf(ctx: IExecuteFunctions): LookupCache {
	let cache = cachesByRun.get(ctx);
	if (!cache) cachesByRun.set(ctx, (cache = new LookupCache()));
	return cache;
}

/** The reference fields a write resolves: the counterparty and the look-up rules. */
export function referenceProperties(operations: string[]): INodeProperties[] {
	const show = { show: { resource: ['document'], operation: operations } };
	return [
		{
			displayName: 'Counterparty',
			name: 'counterparty',
			type: 'fixedCollection',
			placeholder: 'Add Counterparty Look-Up',
			default: {},
			description:
				'Find the buyer in BAS by phone, email, code or tax ID (phones in any usual spelling, compared as +380…) and write it to the document; exactly one must match',
			displayOptions: show,
			options: [
				{
					displayName: 'Look-Up',
					name: 'lookup',
					values: [
						{
							displayName: 'If Not Found',
							name: 'ifNotFound',
							type: 'options',
							options: [
								{
									name: 'Fail the Item',
									value: 'error',
								},
								{
									name: 'Create It',
									value: 'create',
								},
							],
							default: 'error',
						},
						{
							displayName: 'Match By',
							name: 'matchBy',
							type: 'options',
							options: [
								{
									name: 'Phone',
									value: 'phone',
								},
								{
									name: 'Email',
									value: 'email',
								},
								{
									name: 'Code',
									value: 'code',
								},
								{
									name: 'Tax ID',
									value: 'taxId',
								},
							],
							default: 'phone',
						},
						{
							displayName: 'Match Field',
							name: 'field',
							type: 'string',
							default: '',
							placeholder: 'КонтактнаяИнформация/НомерТелефона',
							description:
								'Where the value is looked for, when the base keeps it elsewhere than usual (e.g.	НомерТелефонаДляПоиска);	empty:	the usual field for the chosen key',
						},
						{
							displayName: 'Name',
							name: 'name',
							type: 'string',
							default: '',
							description: "The new counterparty's name (Description);	its phone or email is the value matched",
						},
						{
							displayName: 'Other Attributes (JSON)',
							name: 'attributes',
							type: 'json',
							default: '{}',
							description:
								"Further fields of a new counterparty by OData name, e.g.	{'Parent_Key': '…', 'Покупатель':	true}",
						},
						{
							displayName: 'Value',
							name: 'value',
							type: 'string',
							default: '',
							placeholder: '+380501234567',
							description: "Usually an expression:	the CRM order's phone, email, code or tax ID",
						},
						{
							displayName: 'Write To',
							name: 'writeTo',
							type: 'string',
							default: 'Контрагент_Key',
							description: "The document's counterparty field, by its OData name",
						},
					],
				},
			],
		},
		{
			...lookupRuleProperty({ name: 'references', displayName: 'References', writeTo: true }),
			description:
				'Further reference fields found by look-up rules ("Write To" the field, "Find In" the catalog, "Where" its fields equal values): exactly one must match, otherwise the item fails with the candidates listed',
			displayOptions: show,
		},
	];
}

interface CounterpartyParameter {
	matchBy?: CounterpartyKey;
	value?: unknown;
	ifNotFound?: 'error' | 'create';
	name?: string;
	attributes?: string | IDataObject;
	field?: string;
	writeTo?: string;
}

/** A reference field of the document by OData name (`Контрагент_Key`), or an error naming it. */
function referenceField(ctx: IExecuteFunctions, document: DocumentType, name: string, itemIndex: number, what: string) {
	const property = document.set.properties.find((p) => p.name === name);
	if (property?.kind !== 'reference') {
		const reason = property ? 'is not a reference field' : "is not a field of it in the base's $metadata";
		throw new NodeOperationError(
			ctx.getNode(),
			`Item ${itemIndex}: ${what}: "${name}" ${reason} (${document.set.name})`,
			{
				itemIndex,
				description: 'Write to a reference field by its OData name, e.g. Контрагент_Key.',
			},
		);
	}
	return property;
}

function parseJson(ctx: IExecuteFunctions, text: unknown, what: string, itemIndex: number): IDataObject {
	if (text !== null && typeof text === 'object') return text as IDataObject;
	try {
		const parsed = JSON.parse(String(text ?? '').trim() || '{}') as unknown;
		if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as IDataObject;
	} catch {
		// refused below, naming the parameter
	}
	throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: ${what} is not a JSON object: ${String(text)}`, {
		itemIndex,
	});
}

/** What the reference parameters ask for, read and checked against `$metadata` before anything is sent. */
export interface HeaderReferences {
	counterparty?: { parameter: CounterpartyParameter; writeTo: string; alsoPartner: boolean };
	rules: Array<TargetedLookupRule & { property: PropertyModel }>;
}

export function readHeaderReferences(
	ctx: IExecuteFunctions,
	document: DocumentType,
	itemIndex: number,
): HeaderReferences {
	const counterparty = (ctx.getNodeParameter('counterparty', itemIndex, {}) as { lookup?: CounterpartyParameter })
		.lookup;
	let rules: TargetedLookupRule[];
	try {
		rules = readLookupRules(ctx.getNodeParameter('references', itemIndex, {}));
	} catch (error) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Item ${itemIndex}: References: "New Object (JSON)" is not JSON (${(error as Error).message})`,
			{ itemIndex },
		);
	}
	const result: HeaderReferences = {
		rules: rules.map((rule) => {
			const property = referenceField(ctx, document, rule.writeTo, itemIndex, 'References');
			const entitySet = rule.rule.entitySet || property.target;
			if (!entitySet) {
				throw new NodeOperationError(
					ctx.getNode(),
					`Item ${itemIndex}: References: the $metadata does not say which catalog ${rule.writeTo} refers to; fill in "Find In"`,
					{ itemIndex },
				);
			}
			return { ...rule, rule: { ...rule.rule, entitySet }, property };
		}),
	};
	if (counterparty) {
		const writeTo = String(counterparty.writeTo ?? '').trim() || 'Контрагент_Key';
		referenceField(ctx, document, writeTo, itemIndex, 'Counterparty');
		const hasPartner = (properties: PropertyModel[]) => properties.some((p) => p.name === 'Партнер_Key');
		// UT and ERP orders name the partner beside the counterparty: the counterparty's own one is the right one
		const alsoPartner =
			hasPartner(document.set.properties) && hasPartner(document.model.entitySets[COUNTERPARTY_SET]?.properties ?? []);
		result.counterparty = { parameter: counterparty, writeTo, alsoPartner };
	}
	return result;
}

/**
 * The Ref_Keys the references resolve to, by field (`Контрагент_Key`, and `Партнер_Key` beside a
 * counterparty where the document has it). Rules that only find go out together (one request per
 * catalog and shape); rules that may create run one by one, as creating needs its own look-up.
 */
export async function resolveHeaderReferences(
	ctx: IExecuteFunctions,
	connection: BasConnection,
	document: DocumentType,
	references: HeaderReferences,
	itemIndex: number,
	cache: LookupCache,
): Promise<IDataObject> {
	const { model } = document;
	const options = { cache, itemIndex };
	const values: IDataObject = {};

	const { counterparty } = references;
	if (counterparty) {
		const { parameter, writeTo, alsoPartner } = counterparty;
		const create = parameter.ifNotFound === 'create';
		const found = await findOrCreateCounterparty(
			ctx,
			connection,
			model,
			{
				by: parameter.matchBy ?? 'phone',
				value: String(parameter.value ?? ''),
				field: String(parameter.field ?? '').trim() || undefined,
				returnFields: alsoPartner ? ['Партнер_Key'] : undefined,
				createIfMissing: create
					? {
							description: String(parameter.name ?? ''),
							attributes: parseJson(ctx, parameter.attributes, 'Counterparty: Other Attributes', itemIndex),
						}
					: undefined,
			},
			options,
		);
		values[writeTo] = found.counterparty.ref;
		const partner = found.counterparty.entity.Партнер_Key;
		if (alsoPartner && typeof partner === 'string') values.Партнер_Key = partner;
	}

	const findOnly = references.rules.filter((rule) => rule.ifNotFound === 'error');
	try {
		const outcomes = await resolveLookups(
			ctx,
			connection,
			model,
			findOnly.map((rule) => rule.rule),
			options,
		);
		outcomes.forEach((outcome, index) => {
			const { rule, writeTo } = findOnly[index];
			if (outcome.status === 'found') values[writeTo] = outcome.match.ref;
			else {
				throw new NodeOperationError(
					ctx.getNode(),
					`Item ${itemIndex}: ${writeTo}: ${lookupFailureMessage(rule, outcome)}`,
					{ itemIndex },
				);
			}
		});
		for (const { rule, writeTo, createWith } of references.rules.filter((r) => r.ifNotFound === 'create')) {
			values[writeTo] = (
				await findOrCreate(ctx, connection, model, rule, { attributes: createWith }, options)
			).match.ref;
		}
	} catch (error) {
		throw lookupNodeError(ctx, error, itemIndex);
	}
	return values;
}
