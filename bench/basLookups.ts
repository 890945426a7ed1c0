/**
 * `bas.requests_per_order`: OData requests one CRM order costs end to end — BAS Document Create
 * with Post through n8n-core's engine (runWorkflow) against the UNF sandbox, the counterparty
 * found by phone (or created) and N goods lines by SKU, so: counterparty look-up, item look-up(s),
 * create, post. The `$metadata` read is excluded (read once per process and cached; it is
 * warmed up before counting). Measured at the default Max URL Length (2,000) and at 8,000.
 * `bas.order_ms`: the wall time of one 100-line order through the engine, reported.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

process.env.N8N_USER_FOLDER ??= mkdtempSync(join(tmpdir(), 'n8n-bench-'));
process.env.N8N_LOG_LEVEL ??= 'silent';

export interface OrderRequestsFigure {
	lines: number;
	counterparty: 'existing' | 'new';
	maxUrlLength: number;
	/** OData requests of the order, `$metadata` excluded */
	requests: number;
	/** of which look-ups of items */
	itemRequests: number;
	/** the longest request URL sent, in characters as encoded */
	longestUrl: number;
	ms: number;
}

/** More items than the largest order, so every line is a distinct SKU. */
const GENERATED_ITEMS = 150;
const PHONE = '+380501112233';

/** Runs one order per line count, counterparty case and URL limit on one UNF sandbox. */
export async function measureOrderRequests(
	lineCounts: number[] = [1, 10, 100],
	counterpartyCases: Array<'existing' | 'new'> = ['existing', 'new'],
	urlLimits: number[] = [2000, 8000],
): Promise<OrderRequestsFigure[]> {
	// loaded here so N8N_USER_FOLDER is set before n8n-core reads it
	const { runWorkflow } = await import('../test/helpers/engine');
	const { startBasSandbox } = await import('../sandbox/bas/server');

	const bas = await startBasSandbox({ profile: 'unf', demo: { items: GENERATED_ITEMS } });
	const figures: OrderRequestsFigure[] = [];
	const first = (set: string) => String(bas.store.list(set).find((entity) => entity.IsFolder !== true)?.Ref_Key);

	const order = async (lines: number, counterparty: 'existing' | 'new', maxUrlLength: number) => {
		const items = bas.store.list('Catalog_Номенклатура').filter((e) => e.IsFolder !== true);
		const orderLines = Array.from({ length: lines }, (_, i) => ({ sku: items[i].Артикул, Количество: 1, Цена: 100 }));
		const phone = counterparty === 'existing' ? PHONE : '+380679998877';
		const started = performance.now();
		const result = await runWorkflow({
			workflow: {
				nodes: [
					{
						id: 't',
						name: 'Start',
						type: 'n8n-nodes-base.manualTrigger',
						typeVersion: 1,
						position: [0, 0],
						parameters: {},
					},
					{
						id: 'o',
						name: 'Order',
						type: 'test.emitItems',
						typeVersion: 1,
						position: [100, 0],
						parameters: { items: JSON.stringify([{ phone, lines: orderLines }]) },
					},
					{
						id: 'b',
						name: 'BAS Document',
						type: 'n8n-nodes-bas-crm.basDocument',
						typeVersion: 1,
						position: [200, 0],
						parameters: {
							operation: 'create',
							documentType: 'configurationDefault',
							columns: {
								mappingMode: 'defineBelow',
								value: {
									Организация_Key: first('Catalog_Организации'),
									СтруктурнаяЕдиницаРезерв_Key: first('Catalog_СтруктурныеЕдиницы'),
									ВидОперации: 'ЗаказНаПродажу',
								},
								matchingColumns: [],
								schema: [],
							},
							counterparty: {
								lookup: { matchBy: 'phone', value: '={{ $json.phone }}', ifNotFound: 'create', name: 'Новий покупець' },
							},
							linesSection: 'configurationDefault',
							lines: '={{ $json.lines }}',
							options: { post: true },
						},
						credentials: { basODataApi: { id: '1', name: 'BAS' } },
					},
				],
				connections: {
					Start: { main: [[{ node: 'Order', type: 'main', index: 0 }]] },
					Order: { main: [[{ node: 'BAS Document', type: 'main', index: 0 }]] },
				},
			},
			credentials: {
				basODataApi: {
					url: bas.publicationUrl,
					user: bas.users[0].name,
					password: bas.users[0].password,
					preset: 'unf',
					maxUrlLength,
				},
			},
		});
		const ms = performance.now() - started;
		const error = result.error('BAS Document');
		if (error) throw new Error(`the order failed: ${error.message}`);
		if (result.output('BAS Document')[0]?.json.Posted !== true) throw new Error('the order was not posted');
		return ms;
	};

	try {
		await order(1, 'existing', 2000); // warms up $metadata (cached per process) and the engine
		for (const maxUrlLength of urlLimits) {
			for (const counterparty of counterpartyCases) {
				for (const lines of lineCounts) {
					await bas.reset();
					const [customer] = bas.store.list('Catalog_Контрагенты').filter((e) => e.IsFolder !== true);
					bas.store.update('Catalog_Контрагенты', String(customer.Ref_Key), {
						КонтактнаяИнформация: [{ LineNumber: 1, Тип: 'Телефон', НомерТелефона: PHONE }],
					});
					bas.requests.splice(0);
					const ms = await order(lines, counterparty, maxUrlLength);
					const sent = bas.requests.filter((r) => !r.url.includes('$metadata'));
					// the request log keeps URLs decoded: encode them again as they travelled
					const lengths = sent.map((r) => `${bas.url}${encodeURI(r.url)}`.length);
					figures.push({
						lines,
						counterparty,
						maxUrlLength,
						requests: sent.length,
						itemRequests: sent.filter((r) => r.method === 'GET' && r.url.includes('Catalog_Номенклатура')).length,
						longestUrl: Math.max(...lengths),
						ms,
					});
				}
			}
		}
	} finally {
		await bas.close();
	}
	return figures;
}

function bench(figure: string, params: Record<string, unknown>, value: number, unit: string): void {
	console.log(`BENCH ${JSON.stringify({ figure, params, value, unit })}`);
}

/**
 * Prints `bas.requests_per_order` (params `lines`, `counterparty`; the default URL limit, and
 * with `maxUrlLength` 8000 as its own params) and `bas.order_ms` (100 lines, existing counterparty).
 */
export async function benchBasLookups(_options: { quick: boolean }): Promise<void> {
	const figures = await measureOrderRequests();
	for (const figure of figures) {
		console.log(
			`bas order: ${figure.lines} lines, ${figure.counterparty} counterparty, Max URL Length ${figure.maxUrlLength}: ` +
				`${figure.requests} requests (item look-ups ${figure.itemRequests}, longest URL ${figure.longestUrl}), ` +
				`${Math.round(figure.ms)} ms`,
		);
		const params: Record<string, unknown> = { lines: figure.lines, counterparty: figure.counterparty };
		if (figure.maxUrlLength !== 2000) params.maxUrlLength = figure.maxUrlLength;
		bench('bas.requests_per_order', params, figure.requests, 'requests');
	}
	const hundred = figures.find((f) => f.lines === 100 && f.counterparty === 'existing' && f.maxUrlLength === 2000);
	if (hundred) bench('bas.order_ms', { lines: 100, counterparty: 'existing' }, Math.round(hundred.ms), 'ms');
}
