/**
 * Reconciliation: which CRM orders have no customer order in BAS, and which BAS customer orders
 * name a CRM order that does not exist — matched by the external id the order templates keep
 * (the CRM's order id in `НомерВходящегоДокумента`). Reads both sides over their public APIs
 * (SalesDrive or KeyCRM; BAS over OData), so it runs against a real installation as well:
 *
 *   npx tsx scripts/soak/reconcile.ts --crm=salesdrive --crm-url=https://shop.salesdrive.me \
 *     --crm-key=… --bas-url=https://host/base --bas-user=… --bas-password=…
 *
 * (or the environment: RECONCILE_CRM_KEY, RECONCILE_BAS_PASSWORD, so no secret is on the command
 * line). Prints the report; exits 1 when anything does not match. The soak (scripts/soak/faults.ts)
 * calls `reconcile` at its end.
 */
import { EXTERNAL_ID_FIELD, ORDER_SET } from './orders';

export type CrmKind = 'salesdrive' | 'keycrm';

export interface ReconcileOptions {
	crm: { kind: CrmKind; url: string; apiKey: string };
	/** the publication URL as in the BAS credential (`https://host/base`), or its OData root */
	bas: { url: string; user: string; password: string };
	/** the BAS attribute holding the CRM order id (UNF: НомерВходящегоДокумента) */
	externalIdField?: string;
	/** only CRM orders with these ids (the soak's own orders; default: all) */
	onlyCrmIds?: Set<string>;
}

export interface BasOrderRef {
	ref: string;
	number: string;
	externalId: string;
	posted: boolean;
}

export interface Reconciliation {
	crmOrders: number;
	/** live (not marked for deletion) BAS customer orders carrying an external id */
	basOrders: number;
	/** CRM order ids with no live BAS customer order */
	missingInBas: string[];
	/** live BAS customer orders whose external id names no CRM order */
	withoutCrmOrder: BasOrderRef[];
	/** live BAS customer orders of existing CRM orders that are not posted (a run that stopped half-way) */
	notPosted: BasOrderRef[];
	/** CRM order ids with more than one live BAS customer order, and how many */
	doubled: Array<{ externalId: string; documents: number }>;
}

const PAGE_SIZE = { salesdrive: 100, keycrm: 50 };
const MAX_WAIT_MS = 60_000;

/** GET with a 429's Retry-After honoured (CRM list limits are tight), other failures thrown. */
async function getJson<T>(url: string, headers: Record<string, string>): Promise<T> {
	for (let waited = 0; ; ) {
		const response = await fetch(url, { headers: { accept: 'application/json', ...headers } });
		if (response.status === 429 && waited < MAX_WAIT_MS) {
			const seconds = Number(response.headers.get('retry-after')) || 1;
			await response.arrayBuffer();
			await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
			waited += seconds * 1000;
			continue;
		}
		const text = await response.text();
		// the URL without its query, which may carry a key
		if (!response.ok) throw new Error(`${url.split('?')[0]}: HTTP ${response.status} ${text.slice(0, 200)}`);
		return JSON.parse(text) as T;
	}
}

/** Every CRM order id, page by page. */
export async function crmOrderIds(crm: ReconcileOptions['crm']): Promise<string[]> {
	const base = crm.url.replace(/\/+$/, '');
	const ids: string[] = [];
	for (let page = 1; ; page++) {
		if (crm.kind === 'salesdrive') {
			const reply = await getJson<{ data?: Array<{ id: number }>; pagination?: { pageCount?: number } }>(
				// deleted orders too: their BAS document is no stray
				`${base}/api/order/list/?page=${page}&limit=${PAGE_SIZE.salesdrive}&filter[statusId]=__ALL__`,
				{ 'x-api-key': crm.apiKey },
			);
			ids.push(...(reply.data ?? []).map((order) => String(order.id)));
			if (page >= Number(reply.pagination?.pageCount ?? 0)) return ids;
		} else {
			const reply = await getJson<{ data?: Array<{ id: number }>; last_page?: number }>(
				`${base}/order?page=${page}&limit=${PAGE_SIZE.keycrm}`,
				{ authorization: `Bearer ${crm.apiKey}` },
			);
			ids.push(...(reply.data ?? []).map((order) => String(order.id)));
			if (page >= Number(reply.last_page ?? 0)) return ids;
		}
	}
}

/** Every live BAS customer order that carries an external id, following OData's paging. */
export async function basOrderRefs(bas: ReconcileOptions['bas'], externalIdField: string): Promise<BasOrderRef[]> {
	const auth = `Basic ${Buffer.from(`${bas.user}:${bas.password}`).toString('base64')}`;
	const publication = bas.url.replace(/\/+$/, '');
	const root = publication.endsWith('/standard.odata') ? publication : `${publication}/odata/standard.odata`;
	const select = ['Ref_Key', 'Number', 'Posted', 'DeletionMark', externalIdField].map(encodeURIComponent).join(',');
	const refs: BasOrderRef[] = [];
	const pageSize = 1000;
	for (let skip = 0; ; skip += pageSize) {
		const reply = await getJson<{ value: Array<Record<string, unknown>> }>(
			`${root}/${encodeURIComponent(ORDER_SET)}?$format=json&$select=${select}&$orderby=Ref_Key&$top=${pageSize}&$skip=${skip}`,
			{ authorization: auth },
		);
		for (const row of reply.value) {
			const externalId = String(row[externalIdField] ?? '').trim();
			if (row.DeletionMark === true || externalId === '') continue;
			refs.push({
				ref: String(row.Ref_Key),
				number: String(row.Number ?? ''),
				externalId,
				posted: row.Posted === true,
			});
		}
		if (reply.value.length < pageSize) return refs;
	}
}

/**
 * Compares the two sides; see Reconciliation. With `onlyCrmIds`, CRM orders outside it and their
 * BAS documents are left out; a BAS document naming no CRM order at all is always reported.
 */
export function compare(crmIds: string[], basRefs: BasOrderRef[], onlyCrmIds?: Set<string>): Reconciliation {
	const existing = new Set(crmIds);
	const inScope = (id: string) => !onlyCrmIds || onlyCrmIds.has(id);
	const crm = crmIds.filter(inScope);
	const refs = basRefs.filter((ref) => inScope(ref.externalId) || !existing.has(ref.externalId));
	const byExternalId = new Map<string, BasOrderRef[]>();
	for (const ref of refs) byExternalId.set(ref.externalId, [...(byExternalId.get(ref.externalId) ?? []), ref]);
	return {
		crmOrders: crm.length,
		basOrders: refs.length,
		missingInBas: crm.filter((id) => !byExternalId.has(id)),
		withoutCrmOrder: refs.filter((ref) => !existing.has(ref.externalId)),
		notPosted: refs.filter((ref) => existing.has(ref.externalId) && !ref.posted),
		doubled: [...byExternalId]
			.filter(([externalId, documents]) => existing.has(externalId) && documents.length > 1)
			.map(([externalId, documents]) => ({ externalId, documents: documents.length })),
	};
}

export async function reconcile(options: ReconcileOptions): Promise<Reconciliation> {
	const [crmIds, basRefs] = await Promise.all([
		crmOrderIds(options.crm),
		basOrderRefs(options.bas, options.externalIdField ?? EXTERNAL_ID_FIELD),
	]);
	return compare(crmIds, basRefs, options.onlyCrmIds);
}

/** The report as lines for people. */
export function reportLines(result: Reconciliation, limit = 20): string[] {
	const more = (count: number) => (count > limit ? ` (first ${limit} of ${count})` : '');
	const lines = [
		`CRM orders: ${result.crmOrders}; live BAS customer orders with a CRM id: ${result.basOrders}`,
		`CRM orders missing in BAS: ${result.missingInBas.length}${more(result.missingInBas.length)}`,
		...result.missingInBas.slice(0, limit).map((id) => `  CRM order ${id}`),
		`BAS orders with no CRM order: ${result.withoutCrmOrder.length}${more(result.withoutCrmOrder.length)}`,
		...result.withoutCrmOrder
			.slice(0, limit)
			.map((ref) => `  BAS ${ref.number} (${ref.ref}) names CRM order ${ref.externalId}`),
		`BAS orders of CRM orders not posted: ${result.notPosted.length}${more(result.notPosted.length)}`,
		...result.notPosted
			.slice(0, limit)
			.map((ref) => `  BAS ${ref.number} (${ref.ref}) for CRM order ${ref.externalId}`),
		`CRM orders with more than one live BAS order: ${result.doubled.length}${more(result.doubled.length)}`,
		...result.doubled.slice(0, limit).map((d) => `  CRM order ${d.externalId}: ${d.documents} documents`),
	];
	return lines;
}

export const isClean = (result: Reconciliation) =>
	result.missingInBas.length === 0 &&
	result.withoutCrmOrder.length === 0 &&
	result.notPosted.length === 0 &&
	result.doubled.length === 0;

function argumentsOf(argv: string[]): Record<string, string> {
	const values: Record<string, string> = {};
	for (const arg of argv) {
		const match = /^--([\w-]+)=(.*)$/s.exec(arg);
		if (match) values[match[1]] = match[2];
	}
	return values;
}

async function main() {
	const args = argumentsOf(process.argv.slice(2));
	const need = (name: string, env?: string) => {
		const value = args[name] ?? (env ? process.env[env] : undefined);
		if (!value) throw new Error(`missing --${name}${env ? ` (or ${env})` : ''}`);
		return value;
	};
	const kind = (args.crm ?? 'salesdrive') as CrmKind;
	if (kind !== 'salesdrive' && kind !== 'keycrm') throw new Error('--crm is salesdrive or keycrm');
	const result = await reconcile({
		crm: { kind, url: need('crm-url'), apiKey: need('crm-key', 'RECONCILE_CRM_KEY') },
		bas: {
			url: need('bas-url'),
			user: need('bas-user', 'RECONCILE_BAS_USER'),
			password: need('bas-password', 'RECONCILE_BAS_PASSWORD'),
		},
		externalIdField: args['external-id-field'],
	});
	for (const line of reportLines(result, Number(args.limit ?? 50))) console.log(line);
	process.exitCode = isClean(result) ? 0 : 1;
}

if (require.main === module) {
	main().catch((error: Error) => {
		console.error(`reconcile: ${error.message}`);
		process.exitCode = 2;
	});
}
