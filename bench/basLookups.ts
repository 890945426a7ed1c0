/**
 * OData requests the look-ups of one order cost: the counterparty (found by phone, or created)
 * and N goods lines (item by SKU, a third of them with a size variant), through the look-up
 * library inside a real n8n-core run against a sandbox with generated items. The lead folds
 * these into `bas.requests_per_order` (which adds the document's create and post).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

process.env.N8N_USER_FOLDER ??= mkdtempSync(join(tmpdir(), 'n8n-bench-'));
process.env.N8N_LOG_LEVEL ??= 'silent';

export interface LookupRequestsFigure {
	lines: number;
	counterparty: 'existing' | 'new';
	/** all OData requests of the look-ups ($metadata excluded: it is cached per process) */
	requests: number;
	counterpartyRequests: number;
	lineRequests: number;
	/** the longest request URL sent, in characters */
	longestUrl: number;
}

const GENERATED_ITEMS = 300;
const PHONE = '+380501112233';

/** Measures the look-up requests for each line count and counterparty case on one UNF sandbox. */
export async function measureLookupRequests(
	lineCounts: number[] = [1, 10, 100],
	counterpartyCases: Array<'existing' | 'new'> = ['existing', 'new'],
): Promise<LookupRequestsFigure[]> {
	// loaded here so N8N_USER_FOLDER is set before n8n-core reads it
	const { withNodeContext } = await import('../test/helpers/engine');
	const { getBasConnection, basMetadata } = await import('../nodes/Bas/transport');
	const { findOrCreateCounterparty, LookupCache, resolveLines } = await import('../nodes/Bas/references');
	const { startBasSandbox } = await import('../sandbox/bas/server');

	const bas = await startBasSandbox({ profile: 'unf', demo: { items: GENERATED_ITEMS } });
	const figures: LookupRequestsFigure[] = [];
	try {
		for (const counterparty of counterpartyCases) {
			for (const lines of lineCounts) {
				await bas.reset();
				const [customer] = bas.store.list('Catalog_Контрагенты').filter((e) => e.IsFolder !== true);
				bas.store.update('Catalog_Контрагенты', String(customer.Ref_Key), {
					КонтактнаяИнформация: [{ LineNumber: 1, Тип: 'Телефон', НомерТелефона: PHONE }],
				});
				const variants = bas.store.list('Catalog_ХарактеристикиНоменклатуры');
				const items = bas.store.list('Catalog_Номенклатура').filter((e) => e.IsFolder !== true);
				const orderLines = Array.from({ length: lines }, (_, i) => {
					const variant = i % 3 === 0 ? variants[i % variants.length] : undefined;
					const item = variant ? bas.store.byRef(String(variant.Owner))! : items[i % items.length];
					return { sku: item.Артикул, characteristic: variant?.Description };
				});
				const counted = await withNodeContext(
					{ basODataApi: { url: bas.publicationUrl, user: bas.users[0].name, password: bas.users[0].password } },
					async (ctx) => {
						const connection = await getBasConnection(ctx);
						const model = await basMetadata(ctx, connection);
						const cache = new LookupCache();
						const start = bas.requests.length;
						await findOrCreateCounterparty(
							ctx,
							connection,
							model,
							{
								by: 'phone',
								value: counterparty === 'existing' ? PHONE : '+380679998877',
								createIfMissing: { description: 'Новий покупець' },
							},
							{ cache },
						);
						const afterCounterparty = bas.requests.length;
						const resolved = await resolveLines(
							ctx,
							connection,
							model,
							orderLines,
							{ item: {}, characteristic: {} },
							{ cache },
						);
						const failed = resolved.find((line) => line.error);
						if (failed) throw new Error(failed.error!.message);
						const sent = bas.requests.slice(start);
						return {
							counterpartyRequests: afterCounterparty - start,
							lineRequests: bas.requests.length - afterCounterparty,
							// the request log keeps URLs decoded: encode them again as they travelled
							longestUrl: Math.max(...sent.map((r) => `${bas.url}${encodeURI(r.url)}`.length)),
						};
					},
				);
				figures.push({
					lines,
					counterparty,
					requests: counted.counterpartyRequests + counted.lineRequests,
					...counted,
				});
			}
		}
	} finally {
		await bas.close();
	}
	return figures;
}

/** Prints the figures as BENCH lines (`bas.lookup_requests`). Not wired into bench/run.ts yet. */
export async function benchBasLookups(_options: { quick: boolean }): Promise<void> {
	for (const figure of await measureLookupRequests()) {
		console.log(
			`bas lookups: ${figure.lines} lines, ${figure.counterparty} counterparty: ${figure.requests} requests ` +
				`(counterparty ${figure.counterpartyRequests}, lines ${figure.lineRequests}, longest URL ${figure.longestUrl})`,
		);
		console.log(
			`BENCH ${JSON.stringify({
				figure: 'bas.lookup_requests',
				params: { lines: figure.lines, counterparty: figure.counterparty },
				value: figure.requests,
				unit: 'requests',
			})}`,
		);
	}
}
