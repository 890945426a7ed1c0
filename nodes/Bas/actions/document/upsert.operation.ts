import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	ADDITIONAL_ATTRIBUTES_SECTION,
	additionalPropertyKey,
	type AmountCheck,
	checkAmount,
	DEFAULT_AMOUNT_FIELD,
	describeLocation,
	documentCurrency,
	type ExternalIdLocation,
	externalIdRow,
	findByExternalId,
	locationProblem,
	settleAfterCreate,
	SUGGESTED_EXTERNAL_ID_FIELDS,
	withKeyLock,
} from '../../documents';
// the catalog upsert's comparison: same rules for what "unchanged" means (lines row by row, composites with their type)
import { changedFields } from '../../fields';
import { resourcePath } from '../../odata/url';
import { type BasConnection, basRequest } from '../../transport';
import { CONFIGURATION_DEFAULT, type DocumentType } from './documentType';
import { lineDefaultsProperty } from './goodsLines';
import { referenceProperties } from './references';
import { documentPath, documentTypeFor, operationalPostingProperty, postWritten } from './shared';
import { documentWrite, fieldsProperty, linesProperties } from './write';

const show = { resource: ['document'], operation: ['upsert'] };

/** The create's fields and lines, shown for upsert: a document that is not there yet is created from them. */
const forUpsert = (property: INodeProperties): INodeProperties => ({
	...property,
	displayOptions: { show: { ...property.displayOptions?.show, operation: ['upsert'] } },
});

export const description: INodeProperties[] = [
	{
		displayName: 'External ID',
		name: 'externalId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 10452',
		description: "The CRM's ID of the order: the document that carries it is updated, or created when there is none",
		displayOptions: { show },
	},
	{
		displayName: 'Keep External ID In',
		name: 'externalIdLocation',
		type: 'options',
		noDataExpression: true,
		default: 'attribute',
		options: [
			{
				name: 'Header Attribute',
				value: 'attribute',
				description: "A text field of the document, such as the customer's order number",
			},
			{
				name: 'Additional Attribute',
				value: 'additionalAttribute',
				description:
					'A row of the document\'s "ДополнительныеРеквизиты" (BSP additional attributes; UNF and UT, not Accounting)',
			},
		],
		displayOptions: { show },
	},
	{
		displayName: 'External ID Field Name or ID',
		name: 'externalIdField',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getExternalIdFields', loadOptionsDependsOn: ['documentType'] },
		default: CONFIGURATION_DEFAULT,
		description:
			'Text field of the document that keeps the external ID. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		displayOptions: { show: { ...show, externalIdLocation: ['attribute'] } },
	},
	{
		displayName: 'Additional Attribute',
		name: 'externalIdProperty',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. CRM order ID',
		description:
			'The additional attribute (an item of "ДополнительныеРеквизитыИСведения") that keeps the external ID: its name or its Ref_Key',
		displayOptions: { show: { ...show, externalIdLocation: ['additionalAttribute'] } },
	},
	forUpsert(fieldsProperty('create')),
	...referenceProperties(['upsert']),
	...linesProperties('create').map(forUpsert),
	lineDefaultsProperty(['upsert']),
	{
		displayName: 'Expected Amount',
		name: 'expectedAmount',
		type: 'string',
		default: '',
		placeholder: 'e.g. {{ $json.paymentAmount }}',
		description:
			"The order's total in the CRM. When the document's total in BAS differs, the output carries the difference and a text for the CRM's comment. Empty: no check.",
		displayOptions: { show },
	},
	{
		displayName: 'Options',
		name: 'upsertOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Amount Field',
				name: 'amountField',
				type: 'string',
				default: DEFAULT_AMOUNT_FIELD,
				description: "The document's total, compared with the Expected Amount",
			},
			{
				displayName: 'Currency If Unknown',
				name: 'currency',
				type: 'string',
				default: 'UAH',
				description: "Currency named in the amount text when the document's own currency cannot be read",
			},
			{
				displayName: 'Documents Marked for Deletion',
				name: 'markedForDeletion',
				type: 'options',
				default: 'skip',
				options: [
					{
						name: 'Skip',
						value: 'skip',
						description: 'Someone in BAS deleted the order on purpose: leave it, output "skipped"',
					},
					{
						name: 'Create a New One',
						value: 'createNew',
						description: 'Ignore the marked document and create a new one',
					},
				],
				description: 'What to do when only documents marked for deletion carry the external ID',
			},
			operationalPostingProperty,
			{
				displayName: 'Post',
				name: 'post',
				type: 'options',
				default: 'never',
				options: [
					{ name: 'Never', value: 'never' },
					{ name: 'When Created or Updated', value: 'whenWritten' },
					{
						name: 'When Created, Updated or Not Posted Yet',
						value: 'untilPosted',
						description:
							'Also an unchanged document that is not posted: an earlier run (a crashed worker) may have stopped between its create and its posting',
					},
					{ name: 'Always', value: 'always', description: 'Also an unchanged document (posting it again)' },
				],
				description: 'Whether to post the document after the upsert (1C checks it and makes its register movements)',
			},
			{
				displayName: 'Posted Documents',
				name: 'postedDocuments',
				type: 'options',
				default: 'update',
				options: [
					{ name: 'Update', value: 'update', description: 'Change them like any other' },
					{
						name: "Don't Touch",
						value: 'skip',
						description: 'Leave a posted document as it is and output "skipped"',
					},
				],
				description: 'What to do when the document found is posted',
			},
		],
	},
];

export type UpsertResult = 'created' | 'updated' | 'unchanged' | 'skipped';

interface UpsertOptions {
	amountField?: string;
	currency?: string;
	markedForDeletion?: 'skip' | 'createNew';
	operational?: boolean;
	post?: 'never' | 'whenWritten' | 'untilPosted' | 'always';
	postedDocuments?: 'update' | 'skip';
}

/** What the upsert did, for the output's `status`: the execution list then reads like an exchange journal. */
interface Outcome {
	result: UpsertResult;
	document: IDataObject;
	changedFields?: string[];
	/** why a document was skipped: `posted` or `markedForDeletion` */
	skippedBecause?: string;
	duplicateMarkedForDeletion?: string;
}

function externalIdOf(ctx: IExecuteFunctions, itemIndex: number): string {
	const value = ctx.getNodeParameter('externalId', itemIndex, '') as unknown;
	const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
	if (text === '') {
		throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: the field "External ID" is empty`, {
			itemIndex,
			description:
				"Upsert finds the document by the CRM's ID of the order, so every item needs one, e.g. {{ $json.id }}. Nothing was sent to BAS.",
		});
	}
	return text;
}

function expectedAmountOf(ctx: IExecuteFunctions, itemIndex: number): number | undefined {
	const value = ctx.getNodeParameter('expectedAmount', itemIndex, '') as unknown;
	if (value === '' || value === null || value === undefined) return undefined;
	const amount = typeof value === 'number' ? value : Number(String(value).trim().replace(',', '.'));
	if (String(value).trim() === '' || !Number.isFinite(amount)) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Item ${itemIndex}: the field "Expected Amount" is not a number: ${JSON.stringify(value)}`,
			{ itemIndex, description: 'Nothing was sent to BAS.' },
		);
	}
	return amount;
}

async function externalIdLocationOf(
	ctx: IExecuteFunctions,
	connection: BasConnection,
	document: DocumentType,
	itemIndex: number,
): Promise<ExternalIdLocation> {
	let location: ExternalIdLocation;
	if (ctx.getNodeParameter('externalIdLocation', itemIndex, 'attribute') === 'additionalAttribute') {
		const given = String(ctx.getNodeParameter('externalIdProperty', itemIndex, '')).trim();
		if (given === '') {
			throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: the field "Additional Attribute" is empty`, {
				itemIndex,
				description: 'Name the additional attribute that keeps the external ID, or give its Ref_Key.',
			});
		}
		// the section is checked before the property is looked up: a base without it needs no look-up
		const section = ADDITIONAL_ATTRIBUTES_SECTION;
		const problem = locationProblem(document.set, { kind: 'additionalAttribute', section, property: '' });
		if (problem) throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: ${problem}`, { itemIndex });
		const property = await additionalPropertyKey(ctx, connection, document.model, given, itemIndex);
		location = { kind: 'additionalAttribute', section, property };
	} else {
		let field = String(ctx.getNodeParameter('externalIdField', itemIndex, CONFIGURATION_DEFAULT));
		if (field === CONFIGURATION_DEFAULT || field === '') field = SUGGESTED_EXTERNAL_ID_FIELDS[document.set.name] ?? '';
		if (field === '') {
			throw new NodeOperationError(
				ctx.getNode(),
				`Item ${itemIndex}: there is no default field for the external ID of ${document.set.name}: choose one`,
				{ itemIndex },
			);
		}
		location = { kind: 'attribute', field };
	}
	const problem = locationProblem(document.set, location);
	if (problem) throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: ${problem}`, { itemIndex });
	return location;
}

/** A mapped value that contradicts the id (the document would not be found by it again), as a message. */
function mappingConflict(body: IDataObject, location: ExternalIdLocation, externalId: string): string | undefined {
	if (location.kind !== 'attribute') return undefined;
	const mapped = body[location.field];
	if (mapped === undefined || String(mapped) === externalId) return undefined;
	return `the field "${location.field}" keeps the External ID "${externalId}" but is mapped to ${JSON.stringify(mapped)}`;
}

/** The body with the external id where it is kept (replacing a mapped row of the same additional attribute). */
function withExternalId(body: IDataObject, location: ExternalIdLocation, externalId: string): IDataObject {
	if (location.kind === 'attribute') return { ...body, [location.field]: externalId };
	const rows = Array.isArray(body[location.section]) ? (body[location.section] as IDataObject[]) : [];
	const others = rows.filter((row) => String(row.Свойство_Key).toLowerCase() !== location.property);
	return { ...body, [location.section]: [...others, externalIdRow(location, externalId)] };
}

/**
 * The values an update compares and writes: the document carries the id already, so it is only
 * kept in additional attributes the mapping rewrites (a section is written whole).
 */
function updateValues(body: IDataObject, location: ExternalIdLocation, externalId: string): IDataObject {
	if (location.kind === 'additionalAttribute' && !Array.isArray(body[location.section])) return body;
	return withExternalId(body, location, externalId);
}

async function upsertDocument(
	ctx: IExecuteFunctions,
	connection: BasConnection,
	document: DocumentType,
	location: ExternalIdLocation,
	externalId: string,
	body: IDataObject,
	options: UpsertOptions,
	itemIndex: number,
): Promise<Outcome> {
	const found = await findByExternalId(ctx, connection, document, location, externalId, itemIndex);
	let existing = found.live[0];
	let duplicateMarkedForDeletion: string | undefined;
	if (!existing) {
		if (found.marked.length > 0 && (options.markedForDeletion ?? 'skip') === 'skip') {
			return { result: 'skipped', document: found.marked[0], skippedBecause: 'markedForDeletion' };
		}
		const created = (await basRequest(ctx, connection, {
			method: 'POST',
			path: resourcePath(document.set.name),
			body: withExternalId(body, location, externalId),
			itemIndex,
		})) as IDataObject;
		const settled = await settleAfterCreate(ctx, connection, document, location, externalId, created, itemIndex);
		if (!settled.markedForDeletion) return { result: 'created', document: created };
		// another execution created the same order first: ours is marked, its document takes our values
		existing = settled.kept;
		duplicateMarkedForDeletion = settled.markedForDeletion;
	}
	if (existing.Posted === true && options.postedDocuments === 'skip') {
		return { result: 'skipped', document: existing, skippedBecause: 'posted', duplicateMarkedForDeletion };
	}
	const changes = updateValues(body, location, externalId);
	const changed = changedFields(document.set, changes, existing);
	if (Object.keys(changed).length === 0) return { result: 'unchanged', document: existing, duplicateMarkedForDeletion };
	const updated = (await basRequest(ctx, connection, {
		method: 'PATCH',
		path: documentPath(document, String(existing.Ref_Key)),
		body: changed,
		itemIndex,
	})) as IDataObject;
	return { result: 'updated', document: updated, changedFields: Object.keys(changed), duplicateMarkedForDeletion };
}

function shouldPost(done: Outcome, post: UpsertOptions['post']): boolean {
	const { result } = done;
	if (post === 'always') return result !== 'skipped';
	if (post === 'whenWritten') return result === 'created' || result === 'updated';
	if (post === 'untilPosted') return result === 'created' || result === 'updated' || (result === 'unchanged' && done.document.Posted !== true);
	return false;
}

async function amountCheckOf(
	ctx: IExecuteFunctions,
	connection: BasConnection,
	document: DocumentType,
	stored: IDataObject,
	expected: number,
	options: UpsertOptions,
	itemIndex: number,
): Promise<AmountCheck> {
	const field = options.amountField?.trim() || DEFAULT_AMOUNT_FIELD;
	const raw = stored[field];
	const inBas = typeof raw === 'number' ? raw : Number(raw);
	if (raw === undefined || raw === '' || !Number.isFinite(inBas)) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Item ${itemIndex}: ${document.set.name} has no numeric field "${field}" to compare the Expected Amount with`,
			{ itemIndex, description: "Choose the document's total in Options › Amount Field." },
		);
	}
	const currency = await documentCurrency(
		ctx,
		connection,
		document.set,
		stored,
		options.currency?.trim() || 'UAH',
		itemIndex,
	);
	return checkAmount(expected, inBas, currency);
}

/**
 * Creates or updates the document that carries the CRM's id (see nodes/Bas/documents/guard.ts for
 * how one id keeps one document); outputs the document with `status` saying what happened and,
 * when an amount is expected, `amountCheck`.
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	connection: BasConnection,
): Promise<INodeExecutionData[]> {
	const document = await documentTypeFor(this, connection, itemIndex);
	const externalId = externalIdOf(this, itemIndex);
	const expected = expectedAmountOf(this, itemIndex);
	const options = this.getNodeParameter('upsertOptions', itemIndex, {}) as UpsertOptions;
	const write = await documentWrite(this, connection, document, itemIndex, 'add');
	const location = await externalIdLocationOf(this, connection, document, itemIndex);
	const conflict = mappingConflict(write.body, location, externalId);
	if (conflict) {
		throw new NodeOperationError(this.getNode(), `Item ${itemIndex}: ${conflict}`, {
			itemIndex,
			description:
				'Leave the field out of the mapping: the upsert fills it with the External ID. Nothing was sent to BAS.',
		});
	}

	const key = [connection.root, document.set.name, describeLocation(location), externalId].join('\n');
	const outcome = await withKeyLock(key, async () => {
		const done = await upsertDocument(this, connection, document, location, externalId, write.body, options, itemIndex);
		if (shouldPost(done, options.post)) {
			const refKey = String(done.document.Ref_Key);
			done.document = await postWritten(
				this,
				connection,
				document,
				refKey,
				done.document,
				options.operational === true,
				itemIndex,
			);
		}
		return done;
	});

	// the shape of BAS Catalog's upsert: `status` first, the document, then what the run did
	const { document: stored, result, ...details } = outcome;
	const json: IDataObject = { status: result, ...stored, externalId, ...details };
	if (expected !== undefined) {
		json.amountCheck = { ...(await amountCheckOf(this, connection, document, stored, expected, options, itemIndex)) };
	}
	return [{ json, pairedItem: { item: itemIndex } }];
}
