import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { and, eq, ge, le, literal } from '../../odata/filter';
import { resourcePath } from '../../odata/url';
import { type BasConnection, basListAll } from '../../transport';
import { documentTypeFor, readDocument, refKeyOf, refKeyProperty } from './shared';

const show = { resource: ['document'], operation: ['get'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Get By',
		name: 'getBy',
		type: 'options',
		noDataExpression: true,
		default: 'refKey',
		options: [
			{ name: 'Ref_Key', value: 'refKey', description: "The document's GUID" },
			{ name: 'Number', value: 'number', description: "The document's number, optionally within a date range" },
		],
		displayOptions: { show },
	},
	refKeyProperty(['get']),
	{
		displayName: 'Number',
		name: 'number',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. НФ00-000123',
		description: 'The number exactly as BAS shows it, prefix and leading zeros included',
		displayOptions: { show: { ...show, getBy: ['number'] } },
	},
	{
		displayName: 'Date From',
		name: 'dateFrom',
		type: 'dateTime',
		default: '',
		description:
			"Only a document dated from then on (numbers repeat each year in many configurations); in the base's time zone unless the value has an offset",
		displayOptions: { show: { ...show, getBy: ['number'] } },
	},
	{
		displayName: 'Date To',
		name: 'dateTo',
		type: 'dateTime',
		default: '',
		description: 'Only a document dated up to then',
		displayOptions: { show: { ...show, getBy: ['number'] } },
	},
];

/** One document by Ref_Key, or by number: exactly one must match, never a guess among several. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	connection: BasConnection,
): Promise<INodeExecutionData[]> {
	const document = await documentTypeFor(this, connection, itemIndex);
	const getBy = this.getNodeParameter('getBy', itemIndex) as string;
	if (getBy !== 'number') {
		const found = await readDocument(this, connection, document, refKeyOf(this, itemIndex), itemIndex);
		return [{ json: found, pairedItem: { item: itemIndex } }];
	}
	const number = String(this.getNodeParameter('number', itemIndex, '')).trim();
	if (number === '') throw new NodeOperationError(this.getNode(), `Item ${itemIndex}: no number given`, { itemIndex });
	const from = this.getNodeParameter('dateFrom', itemIndex, '') as string;
	const to = this.getNodeParameter('dateTo', itemIndex, '') as string;
	const { timeZone } = connection;
	const filter = and(
		eq('Number', literal.string(number)),
		from ? ge('Date', literal.dateTime(from, timeZone)) : undefined,
		to ? le('Date', literal.dateTime(to, timeZone)) : undefined,
	);
	// two are enough to tell "one" from "several"
	const rows: IDataObject[] = await basListAll(
		this,
		connection,
		resourcePath(document.set.name),
		{ filter },
		{
			limit: 2,
			itemIndex,
		},
	);
	if (rows.length === 0) {
		throw new NodeOperationError(
			this.getNode(),
			`Item ${itemIndex}: no ${document.set.name} has the number "${number}"`,
			{
				itemIndex,
				description: from || to ? 'Within the date range given.' : undefined,
			},
		);
	}
	if (rows.length > 1) {
		const candidates = rows.map((row) => `${String(row.Ref_Key)} of ${String(row.Date)}`).join(', ');
		throw new NodeOperationError(
			this.getNode(),
			`Item ${itemIndex}: several ${document.set.name} have the number "${number}" (${candidates}, …): give a date range`,
			{ itemIndex },
		);
	}
	return [{ json: rows[0], pairedItem: { item: itemIndex } }];
}
