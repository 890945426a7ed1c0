import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { and } from '../../odata/filter';
import { resourcePath } from '../../odata/url';
import type { BasConnection } from '../../transport';
import { basRequest } from '../../transport';
import {
	catalogOptions,
	type CatalogOptions,
	describeItem,
	matchOnParameter,
	matchOnValues,
	resolveCatalog,
	scopeFilter,
} from './catalogSet';
import { conditionsFilter, describeConditions, filterableProperties } from './fieldConditions';

const show = { resource: ['catalog'], operation: ['find'] };

/** How many matches are read: enough to prove ambiguity and to list candidates in the message. */
export const CANDIDATES_SHOWN = 10;

export const description: INodeProperties[] = [
	matchOnParameter('find', 'Field values the one item must have (all of them)'),
	{
		displayName: 'If No Match',
		name: 'ifNoMatch',
		type: 'options',
		default: 'error',
		description: 'What to do when no item has these values',
		displayOptions: { show },
		options: [
			{ name: 'Stop With an Error', value: 'error', description: 'Fail the item, naming the fields and values' },
			{
				name: 'Continue With No Match',
				value: 'continue',
				description: 'Output nothing for the item (n8n\'s "Always Output Data" setting turns that into an empty item)',
			},
		],
	},
	catalogOptions('find'),
];

/**
 * Exactly one item with the given values. Several matches are an error listing the candidates,
 * never a guess: a look-up that picks the first of two counterparties books an order to the wrong one.
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	connection: BasConnection,
): Promise<INodeExecutionData[]> {
	const { set, conditions } = await resolveCatalog(this, itemIndex, connection);
	const rows = matchOnValues(this, itemIndex);
	const ifNoMatch = this.getNodeParameter('ifNoMatch', itemIndex, 'error') as string;
	const options = this.getNodeParameter('options', itemIndex, {}) as CatalogOptions;
	const fail = (message: string, description?: string) =>
		new NodeOperationError(this.getNode(), message, { itemIndex, description });

	if (rows.length === 0) throw fail(`Find in ${set.name} needs at least one field to match on`);
	const empty = rows.find((row) => row.value === undefined || row.value === null || String(row.value).trim() === '');
	if (empty) {
		// an empty look-up value is missing data upstream; matching it would find the wrong items
		throw fail(`Find in ${set.name} got no value for ${empty.field || 'a field'}`);
	}
	const equalities = rows.map((row) => ({ ...row, operator: 'eq' as const }));
	const filter = and(
		conditionsFilter(conditions, filterableProperties(set.properties), equalities),
		scopeFilter(set, options),
	);
	const reply = (await basRequest(this, connection, {
		method: 'GET',
		path: resourcePath(set.name),
		query: { filter, top: CANDIDATES_SHOWN, orderBy: ['Ref_Key'] },
		itemIndex,
	})) as { value?: IDataObject[] } | undefined;
	const matches = reply?.value ?? [];
	const wanted = describeConditions(rows);

	if (matches.length === 1) return [{ json: matches[0], pairedItem: { item: itemIndex } }];
	if (matches.length === 0) {
		if (ifNoMatch === 'continue') return [];
		throw fail(`No item of ${set.name} has ${wanted}`);
	}
	const count = matches.length === CANDIDATES_SHOWN ? `At least ${CANDIDATES_SHOWN}` : String(matches.length);
	throw fail(
		`${count} items of ${set.name} have ${wanted}, the look-up needs exactly one: ${matches.map(describeItem).join('; ')}`,
		'Add a field that tells them apart, or clean up the duplicates in BAS.',
	);
}
