/**
 * The canvas side of a look-up rule: a parameter nodes include where a reference is found by
 * fields, and the reader that turns its value into a LookupRule.
 */
import type { IDataObject, IDisplayOptions, INodeProperties } from 'n8n-workflow';

import type { LookupRule } from './rules';

export interface LookupRuleParameterOptions {
	/** parameter name, e.g. `counterpartyLookup` */
	name: string;
	displayName: string;
	/** the entity set offered first (`Catalog_Контрагенты`) */
	defaultEntitySet?: string;
	/** a loadOptions method listing the catalogs of the base, if the node has one */
	entitySetsMethod?: string;
	displayOptions?: IDisplayOptions;
	/**
	 * Several rules, each writing the object it finds into a reference field of the object being
	 * written ("Write To", e.g. `Контрагент_Key`); "Find In" may then stay empty and defaults to the
	 * catalog that field refers to. Read the value with readLookupRules.
	 */
	writeTo?: boolean;
}

function entitySetProperty(options: LookupRuleParameterOptions): INodeProperties {
	const property: INodeProperties = {
		displayName: 'Find In',
		name: 'entitySet',
		type: 'string',
		default: '',
		description: 'The catalog, as its OData name (e.g. Catalog_Контрагенты)',
	};
	const chosen = { ...property, default: options.defaultEntitySet ?? '' };
	if (options.writeTo) {
		chosen.description =
			'The catalog, as its OData name (e.g. Catalog_Контрагенты); empty: the one the field written to refers to';
	}
	if (!options.entitySetsMethod) return chosen;
	return {
		...chosen,
		type: 'options',
		typeOptions: { loadOptionsMethod: options.entitySetsMethod },
		description:
			'The catalog, as its OData name (e.g. Catalog_Контрагенты). Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	};
}

const writeToProperty: INodeProperties = {
	displayName: 'Write To',
	name: 'writeTo',
	type: 'string',
	default: '',
	placeholder: 'Контрагент_Key',
	description: 'The reference field that gets the Ref_Key of the object found, by its OData name',
};

/**
 * A "find <set> where <field> equals <value> [and …]" rule with its options, as one fixedCollection
 * (several rules with "Write To" when `writeTo` is set).
 */
export function lookupRuleProperty(options: LookupRuleParameterOptions): INodeProperties {
	return {
		displayName: options.displayName,
		name: options.name,
		type: 'fixedCollection',
		typeOptions: options.writeTo ? { multipleValues: true } : undefined,
		placeholder: 'Add Look-Up Rule',
		default: {},
		description: 'Which object to use: exactly one must match, otherwise the item fails with the candidates listed',
		displayOptions: options.displayOptions,
		options: [
			{
				displayName: 'Rule',
				name: 'rule',
				values: [
					...(options.writeTo ? [writeToProperty] : []),
					entitySetProperty(options),
					{
						displayName: 'If Not Found',
						name: 'ifNotFound',
						type: 'options',
						options: [
							{ name: 'Fail the Item', value: 'error' },
							{ name: 'Create It', value: 'create' },
						],
						default: 'error',
					},
					{
						displayName: 'Include Objects Marked for Deletion',
						name: 'includeDeleted',
						type: 'boolean',
						default: false,
					},
					{
						displayName: 'New Object (JSON)',
						name: 'createWith',
						type: 'json',
						default: '{}',
						description:
							'Attributes of the object created when none matches, by OData name (e.g. {"Description": "…"}); the fields of the rule are filled in automatically',
						displayOptions: { show: { ifNotFound: ['create'] } },
					},
					{
						displayName: 'Where',
						name: 'conditions',
						type: 'fixedCollection',
						typeOptions: { multipleValues: true },
						placeholder: 'Add Field',
						default: {},
						description: 'All must hold',
						options: [
							{
								displayName: 'Field Equals',
								name: 'condition',
								values: [
									{
										displayName: 'Field',
										name: 'field',
										type: 'string',
										default: '',
										placeholder: 'Артикул',
										description:
											'A field (Code, Артикул), an attribute of a referenced object (Контрагент/ИНН) or a column of a tabular section (КонтактнаяИнформация/НомерТелефона)',
									},
									{
										displayName: 'Value',
										name: 'value',
										type: 'string',
										default: '',
									},
								],
							},
						],
					},
				],
			},
		],
	};
}

export interface LookupRuleParameter {
	rule: LookupRule;
	ifNotFound: 'error' | 'create';
	createWith: IDataObject;
}

/** Reads the parameter's value (as `getNodeParameter` returns it); undefined when no rule is set. */
export function readLookupRule(value: unknown): LookupRuleParameter | undefined {
	const rule = (value as { rule?: IDataObject } | undefined)?.rule;
	if (!rule) return undefined;
	return readRule(rule);
}

export interface TargetedLookupRule extends LookupRuleParameter {
	/** the reference field written (`Контрагент_Key`) */
	writeTo: string;
}

/**
 * Reads a `writeTo` parameter's rules, in order. An empty "Find In" stays empty: the caller fills
 * it from the field written to. Throws a SyntaxError for a "New Object (JSON)" that is not JSON.
 */
export function readLookupRules(value: unknown): TargetedLookupRule[] {
	const rules = (value as { rule?: IDataObject[] | IDataObject } | undefined)?.rule;
	const list = Array.isArray(rules) ? rules : rules ? [rules] : [];
	return list.map((rule) => ({ ...readRule(rule), writeTo: String(rule.writeTo ?? '').trim() }));
}

function readRule(rule: IDataObject): LookupRuleParameter {
	const conditions = ((rule.conditions as { condition?: IDataObject[] } | undefined)?.condition ?? []).map((c) => ({
		field: String(c.field ?? ''),
		value: c.value,
	}));
	const createWith = typeof rule.createWith === 'string' ? JSON.parse(rule.createWith || '{}') : rule.createWith;
	return {
		rule: { entitySet: String(rule.entitySet ?? ''), conditions, includeDeleted: rule.includeDeleted === true },
		ifNotFound: rule.ifNotFound === 'create' ? 'create' : 'error',
		createWith: (createWith ?? {}) as IDataObject,
	};
}
