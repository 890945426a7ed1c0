/**
 * Bad input and failures of BAS, one table row per case, through n8n-core's engine against the BAS
 * sandbox (UNF): BAS Document Create and Create or Update, BAS Catalog Find or Create and Create or
 * Update. Each row runs the failing item FIRST and a good item after it, with "Continue (using
 * error output)", and proves the three promises of issue 12's "Bad input and errors": the error
 * names the item, the field and the value (where the case has them); the failed item reaches the
 * error output with its input data while the good one is written; nothing is written twice (POST
 * and PATCH in the sandbox's log, objects in its store).
 */
import { ServerResponse } from 'node:http';

import type { IDataObject, INode, ResourceMapperValue } from 'n8n-workflow';

import type { InjectedReply } from '../../sandbox/common/faults';
import { type BasSandbox, startBasSandbox } from '../../sandbox/bas/server';
import {
	basCredentials,
	type BasNodeRun,
	type BasNodeType,
	basRequests,
	defineBelow,
	elements,
	firstRef,
	orderParties,
	requestTarget,
	runBasNode,
} from '../helpers/bas';

const ORDER = 'Document_ЗаказПокупателя';
/** where the UNF preset keeps the CRM's order id */
const ORDER_ID_FIELD = 'НомерВходящегоДокумента';
const ITEMS = 'Catalog_Номенклатура';
const CUSTOMERS = 'Catalog_Контрагенты';

/** Quotes, Cyrillic, emoji and an attempt to widen an OData filter, in one look-up value. */
const HOSTILE = `ТОВ "Кава" O'Brien ☕🚀 ') or (1 eq 1`;

/** The fields come whole from each input item, so one item may be bad while the next is fine. */
const autoMap = (matchingColumns: string[] = []) =>
	({ mappingMode: 'autoMapInputData', value: null, matchingColumns, schema: [] }) as unknown as ResourceMapperValue;

type Operation = 'document.create' | 'document.upsert' | 'catalog.findOrCreate' | 'catalog.upsert';

/** What a row runs: the operation's parameters (with the row's own on top) and its input items. */
interface Run {
	parameters: INode['parameters'];
	items: IDataObject[];
}

interface Fixture {
	bas: BasSandbox;
	/** a UNF customer order's header, every reference filled */
	header: IDataObject;
	lines: string;
}

/** The operation with its input taken from each item: documents keep the CRM id in НомерВходящегоДокумента. */
function baseRun(operation: Operation, fixture: Fixture, items: IDataObject[]): Run & { type: BasNodeType } {
	const { header, lines } = fixture;
	const order = (item: IDataObject) => ({ ...header, ...item });
	switch (operation) {
		case 'document.create':
			return {
				type: 'basDocument',
				parameters: {
					operation: 'create',
					documentType: 'configurationDefault',
					columns: autoMap(),
					linesSection: 'configurationDefault',
					lines,
					options: { post: true },
				},
				items: items.map(order),
			};
		case 'document.upsert':
			return {
				type: 'basDocument',
				parameters: {
					operation: 'upsert',
					documentType: 'configurationDefault',
					externalId: `={{ $json.${ORDER_ID_FIELD} }}`,
					columns: autoMap(),
					linesSection: 'configurationDefault',
					lines,
					upsertOptions: { post: 'whenWritten' },
				},
				items: items.map(order),
			};
		case 'catalog.findOrCreate':
			return {
				type: 'basCatalog',
				parameters: {
					resource: 'catalog',
					catalog: ITEMS,
					operation: 'findOrCreate',
					matchOn: { conditions: [{ field: 'Артикул', value: '={{ $json.Артикул }}' }] },
					columns: autoMap(),
				},
				items,
			};
		case 'catalog.upsert':
			return {
				type: 'basCatalog',
				parameters: { resource: 'catalog', catalog: ITEMS, operation: 'upsert', columns: autoMap(['Артикул']) },
				items,
			};
	}
}

/**
 * Header references found by name instead of mapped: the counterparty is the one catalog object
 * whose Description equals the item's `customer` (a look-up rule on the canvas).
 */
function byCustomerName(operation: Operation, fixture: Fixture, items: IDataObject[]): Run {
	const { Контрагент_Key: _found, ...header } = fixture.header;
	const references = {
		rule: [
			{
				writeTo: 'Контрагент_Key',
				entitySet: '',
				ifNotFound: 'error',
				conditions: { condition: [{ field: 'Description', value: '={{ $json.customer }}' }] },
			},
		],
	};
	const upsert = operation === 'document.upsert';
	return {
		parameters: {
			columns: defineBelow(header),
			references,
			...(upsert ? { externalId: '={{ $json.crmId }}' } : {}),
		},
		items,
	};
}

/** A sandbox reply for the first request to `target` (e.g. `POST Document_X`); other requests go on as usual. */
function replyOnceTo(bas: BasSandbox, target: string, reply: InjectedReply): void {
	const decide = bas.faults.decide.bind(bas.faults);
	let pending = true;
	// the request log records a request before the fault hook decides on it: the last entry is this request
	bas.faults.decide = () => {
		const current = bas.requests[bas.requests.length - 1];
		if (pending && current && requestTarget(current) === target) {
			pending = false;
			return { kind: 'reply', delayMs: 0, reply };
		}
		return decide();
	};
}

let restoreReplies: (() => void) | undefined;

/**
 * The first request to `target` is handled (BAS writes the object) but its reply never leaves:
 * the socket closes instead, as when a proxy or the network drops a connection mid-write.
 */
function dropReplyTo(target: string): void {
	const end = ServerResponse.prototype.end;
	let pending = true;
	ServerResponse.prototype.end = function (this: ServerResponse, ...args: unknown[]) {
		const request = this.req;
		if (
			pending &&
			request &&
			requestTarget({ method: request.method ?? '', url: decodeURI(request.url ?? '') }) === target
		) {
			pending = false;
			this.socket?.destroy();
			return this;
		}
		return (end as (...a: unknown[]) => ServerResponse).apply(this, args);
	} as typeof end;
	restoreReplies = () => {
		ServerResponse.prototype.end = end;
	};
}

const HTML_LOGIN_PAGE: InjectedReply = {
	status: 200,
	contentType: 'text/html; charset=utf-8',
	body: '<html><head><title>Вхід</title></head><body><form>Користувач</form></body></html>',
};

/** `POST Document_ЗаказПокупателя`: what writes an operation's object */
const createTarget = (operation: Operation) => `POST ${operation.startsWith('document') ? ORDER : ITEMS}`;
/** what an operation's own look-up of the object asks */
const lookupTarget = (operation: Operation) => `GET ${operation.startsWith('document') ? ORDER : ITEMS}`;

/** What a row's after-checks get: its input, its run, and how to run the same input again. */
interface Done {
	items: IDataObject[];
	result: BasNodeRun;
	run: (items: IDataObject[], operation?: Operation) => Promise<BasNodeRun>;
}

interface Case {
	/** how the row reads in Jest's report */
	name: string;
	operation: Operation;
	/** the failing item first, then a good one, unless the fault hits every item (auth) */
	items: (fixture: Fixture) => IDataObject[];
	/** the row's parameters over the operation's own */
	run?: (fixture: Fixture, items: IDataObject[]) => Partial<Run>;
	/** store set-up or faults before the run */
	prepare?: (fixture: Fixture) => void;
	/** credentials of another user or password */
	password?: string;
	/** what the error text (and its description) must name */
	names: (fixture: Fixture) => string[];
	/** the items (by input index) that reach the error output; default the first */
	failed?: number[];
	/** writes expected in the sandbox's log by target, e.g. `{ 'POST Document_X': 2 }` */
	writes: (operation: Operation) => Record<string, number>;
	/** what the store and a re-run must show after it */
	after?: (fixture: Fixture, done: Done) => Promise<void>;
}

/** the good item of a document row: another CRM order id */
const goodOrder = { [ORDER_ID_FIELD]: 'CRM-GOOD', Комментарий: 'good' };
const goodItem = { Артикул: 'GOOD-1', Description: 'Добрий товар' };

/** Live objects of the store with a field equal to a value. */
const stored = (bas: BasSandbox, set: string, field: string, value: unknown) =>
	bas.store.list(set).filter((row) => row[field] === value && row.DeletionMark !== true);

/**
 * For a document row: one document per CRM id of the run; a catalog row: one item per SKU — none
 * marked for deletion either (a duplicate settled afterwards was still written twice).
 */
function onePerKey({ bas }: Fixture, items: IDataObject[]): void {
	for (const item of items) {
		const [set, field] = item[ORDER_ID_FIELD] !== undefined ? [ORDER, ORDER_ID_FIELD] : [ITEMS, 'Артикул'];
		const all = bas.store.list(set).filter((row) => row[field] === item[field]);
		expect([item[field], all.length]).toEqual([item[field], 1]);
	}
}

const DOCUMENT_OPERATIONS: Operation[] = ['document.create', 'document.upsert'];
const CATALOG_OPERATIONS: Operation[] = ['catalog.findOrCreate', 'catalog.upsert'];
const ALL: Operation[] = [...DOCUMENT_OPERATIONS, ...CATALOG_OPERATIONS];

/** Per operation: a document create posts each document (one POST and one Post); a catalog write creates once. */
function writesOfGoodRun(operation: Operation, documents: number): Record<string, number> {
	if (operation === 'document.create' || operation === 'document.upsert') {
		return { [`POST ${ORDER}`]: documents, 'POST Post': documents };
	}
	return { [`POST ${ITEMS}`]: documents };
}

const CASES: Case[] = [
	...DOCUMENT_OPERATIONS.map(
		(operation): Case => ({
			name: 'an unknown document type',
			operation,
			items: () => [
				{ [ORDER_ID_FIELD]: 'CRM-TYPE', Комментарий: 'Document_ЗаказПокупателяя' },
				{ ...goodOrder, Комментарий: ORDER },
			],
			run: () => ({ parameters: { documentType: '={{ $json.Комментарий }}' } }),
			names: () => ['Item 0: Document Type: the publication has no document "Document_ЗаказПокупателяя"'],
			writes: (op) => writesOfGoodRun(op, 1),
		}),
	),
	...DOCUMENT_OPERATIONS.map(
		(operation): Case => ({
			name: 'an unknown field',
			operation,
			items: () => [{ [ORDER_ID_FIELD]: 'CRM-FIELD', Контрагнет_Key: 'x' }, goodOrder],
			names: () => ['Item 0', 'Контрагнет_Key', '"x"', `${ORDER} has no field`],
			writes: (op) => writesOfGoodRun(op, 1),
		}),
	),
	...CATALOG_OPERATIONS.map(
		(operation): Case => ({
			name: 'an unknown field',
			operation,
			items: () => [{ Артикул: 'BAD-1', Description: 'x', НетТакогоПоля: 'abc' }, goodItem],
			names: () => ['Item 0', 'НетТакогоПоля', '"abc"', `${ITEMS} has no field`],
			writes: (op) => writesOfGoodRun(op, 1),
		}),
	),
	...DOCUMENT_OPERATIONS.map(
		(operation): Case => ({
			name: 'a value of the wrong type',
			operation,
			items: () => [{ [ORDER_ID_FIELD]: 'CRM-TYPE', СуммаДокумента: '12 грн' }, goodOrder],
			names: () => ['Item 0', 'СуммаДокумента', '"12 грн"', 'is not a number'],
			writes: (op) => writesOfGoodRun(op, 1),
		}),
	),
	...CATALOG_OPERATIONS.map(
		(operation): Case => ({
			name: 'a value of the wrong type',
			operation,
			items: () => [{ Артикул: 'BAD-2', Description: 'x', АлкогольнаяПродукция: 'maybe' }, goodItem],
			names: () => ['Item 0', 'АлкогольнаяПродукция', '"maybe"', 'is not true or false'],
			writes: (op) => writesOfGoodRun(op, 1),
		}),
	),
	...DOCUMENT_OPERATIONS.map(
		(operation): Case => ({
			name: 'an empty required reference (1C refuses to post)',
			operation,
			items: ({ header }) => [
				{ [ORDER_ID_FIELD]: 'CRM-EMPTY', Контрагент_Key: '00000000-0000-0000-0000-000000000000' },
				{ ...goodOrder, Контрагент_Key: header.Контрагент_Key },
			],
			names: ({ bas }) => {
				const [refused] = stored(bas, ORDER, ORDER_ID_FIELD, 'CRM-EMPTY');
				return [
					`Item 0: 1C did not post ${ORDER} ${String(refused.Number)}: `,
					'не заполнено "Контрагент"',
					'(1C error code -1)',
				];
			},
			// the document stays written, unposted, once: the refusal is final and not retried
			writes: (op) => writesOfGoodRun(op, 2),
			after: async (fixture, { items }) => {
				onePerKey(fixture, items);
				const { bas } = fixture;
				expect(stored(bas, ORDER, ORDER_ID_FIELD, 'CRM-EMPTY')[0].Posted).toBe(false);
			},
		}),
	),
	...DOCUMENT_OPERATIONS.map(
		(operation): Case => ({
			name: "1C's posting refusal",
			operation,
			items: () => [{ [ORDER_ID_FIELD]: 'CRM-STOCK' }, goodOrder],
			prepare: ({ bas }) =>
				replyOnceTo(bas, 'POST Post', {
					status: 500,
					body: JSON.stringify({
						'odata.error': {
							code: '-1',
							message: { lang: 'ru', value: 'Недостаточно запасов "Кава ☕" на складе: 2 шт.' },
						},
					}),
				}),
			names: ({ bas }) => [
				`Item 0: 1C did not post ${ORDER} ${String(stored(bas, ORDER, ORDER_ID_FIELD, 'CRM-STOCK')[0].Number)}: Недостаточно запасов "Кава ☕" на складе: 2 шт.`,
				'(1C error code -1)',
			],
			writes: (op) => writesOfGoodRun(op, 2),
			after: async (fixture, { items }) => onePerKey(fixture, items),
		}),
	),
	...DOCUMENT_OPERATIONS.map(
		(operation): Case => ({
			name: 'a look-up with no match',
			operation,
			items: ({ bas }) => [
				{ crmId: 'CRM-NONE', customer: 'ТОВ Немає' },
				{ crmId: 'CRM-GOOD', customer: String(elements(bas, CUSTOMERS)[0].Description) },
			],
			run: byCustomerName.bind(null, operation),
			names: () => ['Item 0', 'Контрагент_Key', `No ${CUSTOMERS} found where Description equals "ТОВ Немає"`],
			writes: (op) => writesOfGoodRun(op, 1),
		}),
	),
	...DOCUMENT_OPERATIONS.map(
		(operation): Case => ({
			name: 'a look-up with 2 matches',
			operation,
			items: ({ bas }) => [
				{ crmId: 'CRM-TWIN', customer: 'Двійник' },
				{ crmId: 'CRM-GOOD', customer: String(elements(bas, CUSTOMERS)[0].Description) },
			],
			prepare: ({ bas }) => {
				bas.store.create(CUSTOMERS, { Description: 'Двійник', Code: 'TW-1' });
				bas.store.create(CUSTOMERS, { Description: 'Двійник', Code: 'TW-2' });
			},
			run: byCustomerName.bind(null, operation),
			names: ({ bas }) => [
				'Item 0',
				'Контрагент_Key',
				`2 ${CUSTOMERS} objects match where Description equals "Двійник"; refusing to guess`,
				...stored(bas, CUSTOMERS, 'Description', 'Двійник').map((row) => String(row.Ref_Key)),
			],
			writes: (op) => writesOfGoodRun(op, 1),
		}),
	),
	...CATALOG_OPERATIONS.map(
		(operation): Case => ({
			name: 'a look-up with 2 matches',
			operation,
			items: () => [{ Артикул: 'TWIN', Description: 'x' }, goodItem],
			prepare: ({ bas }) => {
				bas.store.create(ITEMS, { Description: 'Двійник 1', Артикул: 'TWIN' });
				bas.store.create(ITEMS, { Description: 'Двійник 2', Артикул: 'TWIN' });
			},
			names: ({ bas }) => [
				'Item 0',
				`2 ${ITEMS} objects match where Артикул equals "TWIN" and IsFolder equals false; refusing to guess`,
				...stored(bas, ITEMS, 'Артикул', 'TWIN').map((row) => String(row.Ref_Key)),
			],
			writes: (op) => writesOfGoodRun(op, 1),
		}),
	),
	...DOCUMENT_OPERATIONS.map(
		(operation): Case => ({
			name: 'a look-up value with quotes, Cyrillic, emoji and a filter injection: none matches',
			operation,
			items: () => [
				{ crmId: 'CRM-HOSTILE', customer: HOSTILE },
				{ crmId: 'CRM-GOOD', customer: `ФОП O'Neil "Зірка" 🌟` },
			],
			prepare: ({ bas }) => void bas.store.create(CUSTOMERS, { Description: `ФОП O'Neil "Зірка" 🌟`, Code: 'QT-1' }),
			run: byCustomerName.bind(null, operation),
			names: () => [
				'Item 0',
				'Контрагент_Key',
				`No ${CUSTOMERS} found where Description equals "${HOSTILE.replace(/"/g, '\\"')}"`,
			],
			writes: (op) => writesOfGoodRun(op, 1),
			after: async ({ bas }, { result }) => {
				// the good item found exactly the counterparty with quotes and emoji in its name
				const [customer] = stored(bas, CUSTOMERS, 'Code', 'QT-1');
				expect(result.json(0).map((order) => order.Контрагент_Key)).toEqual([customer.Ref_Key]);
			},
		}),
	),
	...CATALOG_OPERATIONS.map(
		(operation): Case => ({
			name: 'a look-up value with quotes, Cyrillic, emoji and a filter injection: matched exactly',
			operation,
			items: () => [{ Артикул: HOSTILE, Description: 'Кава' }, goodItem],
			failed: [],
			names: () => [],
			// no match (the injection did not widen the filter), so created once; a re-run finds it
			writes: (op) => writesOfGoodRun(op, 2),
			after: async (fixture, { items, run }) => {
				onePerKey(fixture, items);
				basRequests(fixture.bas).clear();
				const again = await run(items);
				expect(again.json(0).map((item) => item.status)).toEqual(
					operation === 'catalog.upsert' ? ['unchanged', 'unchanged'] : ['found', 'found'],
				);
				expect(basRequests(fixture.bas).writes()).toEqual([]);
				onePerKey(fixture, items);
			},
		}),
	),
	...ALL.map(
		(operation): Case => ({
			name: 'a wrong password',
			operation,
			items: () =>
				operation.startsWith('document')
					? [{ [ORDER_ID_FIELD]: 'CRM-AUTH' }, goodOrder]
					: [goodItem, { Артикул: 'GOOD-2' }],
			password: 'невірний',
			failed: [0, 1],
			names: () => ['Item 0: BAS HTTP 401: ', '1C refused the user: check the user name and password'],
			writes: () => ({}),
		}),
	),
	...ALL.map(
		(operation): Case => ({
			name:
				operation === 'document.create'
					? 'an HTML page answered with 200 to the write'
					: 'an HTML page answered with 200 to the look-up',
			operation,
			items: () =>
				operation.startsWith('document')
					? [{ [ORDER_ID_FIELD]: 'CRM-HTML' }, goodOrder]
					: [{ Артикул: 'HTML-1', Description: 'x' }, goodItem],
			prepare: ({ bas }) =>
				replyOnceTo(
					bas,
					operation === 'document.create' ? createTarget(operation) : lookupTarget(operation),
					HTML_LOGIN_PAGE,
				),
			names: () => [
				'Item 0: BAS HTTP 200: expected JSON from the OData interface but got an HTML/XML page',
				// the request names the document written or the value looked up
				operation === 'document.create' ? `Request: POST` : operation.startsWith('document') ? 'CRM-HTML' : 'HTML-1',
				operation.startsWith('document') ? ORDER : ITEMS,
			],
			// the page is not data: nothing is created for the failed item (the create it answered did not happen)
			writes: (op) => (op === 'document.create' ? { [`POST ${ORDER}`]: 2, 'POST Post': 1 } : writesOfGoodRun(op, 1)),
			after: async ({ bas }, { items }) => {
				const [failed, good] = items;
				const [set, field] = failed[ORDER_ID_FIELD] !== undefined ? [ORDER, ORDER_ID_FIELD] : [ITEMS, 'Артикул'];
				expect(stored(bas, set, field, failed[field])).toHaveLength(0);
				expect(stored(bas, set, field, good[field])).toHaveLength(1);
			},
		}),
	),
	...ALL.map(
		(operation): Case => ({
			name:
				operation === 'document.create'
					? 'a connection dropped during the write'
					: 'a connection dropped during the write, the same input again later in the run',
			operation,
			items: () => {
				const [dropped, good] = operation.startsWith('document')
					? [{ [ORDER_ID_FIELD]: 'CRM-DROP' }, goodOrder]
					: [{ Артикул: 'DROP-1', Description: 'x' }, goodItem];
				// Create makes a new document each time by definition; the others must find the one BAS wrote
				return operation === 'document.create' ? [dropped, good] : [dropped, { ...dropped }, good];
			},
			prepare: () => dropReplyTo(createTarget(operation)),
			// n8n's own text suggests sending again; for a write whose outcome is unknown that would duplicate it
			names: () => [
				'Item 0: BAS no reply: ',
				'socket hang up',
				'BAS may have carried out this POST before the connection broke, so it was not sent again',
				createTarget(operation).replace('POST ', ''),
			],
			// the POST is not repeated: BAS may have written (and here did write) the object
			writes: (op) => (op.startsWith('document') ? { [`POST ${ORDER}`]: 2, 'POST Post': 1 } : writesOfGoodRun(op, 2)),
			after: async (fixture, { items, run }) => {
				onePerKey(fixture, items);
				// the same input again, through Create or Update: still one object each
				restoreReplies?.();
				basRequests(fixture.bas).clear();
				const upsert = operation.startsWith('document') ? 'document.upsert' : 'catalog.upsert';
				const again = await run(
					items.map((item) => ({ ...item })),
					upsert,
				);
				expect(again.json(1)).toEqual([]);
				expect(again.json(0).map((item) => item.status)).not.toContain('created');
				expect(basRequests(fixture.bas).count(createTarget(operation))).toBe(0);
				onePerKey(fixture, items);
			},
		}),
	),
];

describe('BAS nodes with bad input and failing BAS (unf): error, error output, no double writes', () => {
	let bas: BasSandbox;

	beforeAll(async () => {
		bas = await startBasSandbox({ profile: 'unf' });
	});
	afterAll(async () => bas.close());
	beforeEach(async () => bas.reset());
	afterEach(() => {
		restoreReplies?.();
		restoreReplies = undefined;
		// back to the class's own fault decisions
		delete (bas.faults as Partial<typeof bas.faults>).decide;
	});

	const fixtureOf = (): Fixture => {
		const item = String(elements(bas, ITEMS)[0].Ref_Key);
		return {
			bas,
			header: {
				...orderParties(bas),
				СтруктурнаяЕдиницаРезерв_Key: firstRef(bas, 'Catalog_СтруктурныеЕдиницы'),
				ВидОперации: 'ЗаказНаПродажу',
			},
			lines: JSON.stringify([
				{ Номенклатура: item, Номенклатура_Type: 'Catalog_Номенклатура', Количество: 1, Цена: 100 },
			]),
		};
	};

	it.each(CASES.map((row) => [`${row.operation}: ${row.name}`, row] as const))('%s', async (_name, row) => {
		const fixture = fixtureOf();
		row.prepare?.(fixture);
		const runOf = (items: IDataObject[], operation: Operation = row.operation) => {
			const base = baseRun(operation, fixture, items);
			const own = row.run?.(fixture, items);
			return runBasNode({
				type: base.type,
				parameters: { ...base.parameters, ...own?.parameters },
				items: own?.items ?? base.items,
				onError: 'continueErrorOutput',
				credentials: basCredentials(bas, row.password ? { preset: 'unf', password: row.password } : { preset: 'unf' }),
			});
		};
		const items = row.items(fixture);
		const inputs = row.run?.(fixture, items).items ?? baseRun(row.operation, fixture, items).items;
		const result = await runOf(items);
		expect(result.status).toBe('success');

		const failedIndexes = row.failed ?? [0];
		const failed = result.json(1);
		expect(failed).toHaveLength(failedIndexes.length);
		// n8n names the item by pairing: the error item points at its input
		expect(result.output(1).map((item) => item.pairedItem)).toEqual(failedIndexes.map((item) => ({ item })));
		failedIndexes.forEach((inputIndex, n) => {
			// the error output keeps the input item's data, so the item can be retried or reported
			expect(failed[n]).toMatchObject(inputs[inputIndex]);
			const text = `${String(failed[n].error)}\n${String(failed[n].message ?? '')}`;
			for (const part of row.names(fixture)) {
				expect(text).toContain(part.replace('Item 0', `Item ${inputIndex}`));
			}
		});
		// every other item went through
		expect(result.json(0)).toHaveLength(items.length - failedIndexes.length);

		const log = basRequests(bas);
		const counted = Object.entries(row.writes(row.operation));
		for (const [target, times] of counted) expect([target, log.count(target)]).toEqual([target, times]);
		// and nothing else changed data
		const expected = counted.reduce((sum, [, times]) => sum + times, 0);
		expect(log.writes().map(requestTarget)).toHaveLength(expected);

		await row.after?.(fixture, { items, result, run: runOf });
	});
});
