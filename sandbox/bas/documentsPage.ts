/**
 * `GET /__sandbox/documents`: a read-only list of the base's documents for people trying the
 * templates (`npm start`): newest first, with number, date, posting, counterparty, amount, the CRM
 * order number and the document it was based on. HTML by default, JSON with `?format=json` or
 * `Accept: application/json`; `?type=Document_ЗаказПокупателя` keeps one document type, `?limit=`
 * caps the rows (default 100). Not part of 1C's interface: like every `/__sandbox` route it needs no
 * sign-in.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';

import type { BasStore, Entity } from './store';

export interface DocumentRow {
	type: string;
	number: string;
	date: string;
	posted: boolean;
	deletionMark: boolean;
	counterparty: string;
	amount: number | null;
	/** the CRM's order number (НомерВходящегоДокумента), as the order templates keep it */
	crmNumber: string;
	/** type and number of the document this one was based on (order of a shipment, shipment of a return) */
	basedOn: string;
	ref: string;
}

const DEFAULT_LIMIT = 100;
/** fields that point at the document a follow-up document was made from */
const BASIS_FIELDS = ['ДокументОснование', 'Заказ', 'ЗаказПокупателя', 'ЗаказКлиента'];

function basisOf(store: BasStore, document: Entity): string {
	for (const field of BASIS_FIELDS) {
		const key = document[`${field}_Key`] ?? document[field];
		const basis = typeof key === 'string' ? store.byRef(key) : undefined;
		if (!basis) continue;
		const set = typeof document[`${field}_Type`] === 'string' ? String(document[`${field}_Type`]) : '';
		return `${set.replace(/^StandardODATA\./, '')} ${String(basis.Number ?? '')}`.trim();
	}
	return '';
}

export function documentRows(store: BasStore, options: { type?: string; limit?: number } = {}): DocumentRow[] {
	const rows: DocumentRow[] = [];
	for (const [set, table] of store.objects) {
		if (!set.startsWith('Document_') || (options.type && set !== options.type)) continue;
		for (const document of table.values()) {
			const counterparty =
				typeof document.Контрагент_Key === 'string' ? store.byRef(document.Контрагент_Key) : undefined;
			const amount = document.СуммаДокумента;
			rows.push({
				type: set,
				number: String(document.Number ?? ''),
				date: String(document.Date ?? ''),
				posted: document.Posted === true,
				deletionMark: document.DeletionMark === true,
				counterparty: String(counterparty?.Description ?? ''),
				amount: typeof amount === 'number' ? amount : null,
				crmNumber: String(document.НомерВходящегоДокумента ?? ''),
				basedOn: basisOf(store, document),
				ref: String(document.Ref_Key),
			});
		}
	}
	// newest first; documents of one second by number
	rows.sort((a, b) => b.date.localeCompare(a.date) || b.number.localeCompare(a.number));
	return rows.slice(0, options.limit ?? DEFAULT_LIMIT);
}

const escapeHtml = (text: string) =>
	text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function renderPage(rows: DocumentRow[], type?: string): string {
	const cells = (row: DocumentRow) =>
		[
			row.type.replace(/^Document_/, ''),
			row.number,
			row.date.replace('T', ' '),
			row.deletionMark ? 'marked for deletion' : row.posted ? 'posted' : 'not posted',
			row.counterparty,
			row.amount === null ? '' : row.amount.toFixed(2),
			row.crmNumber,
			row.basedOn,
		]
			.map((cell) => `<td>${escapeHtml(cell)}</td>`)
			.join('');
	return `<!doctype html>
<html lang="uk"><head><meta charset="utf-8"><meta http-equiv="refresh" content="5">
<title>BAS sandbox documents</title>
<style>body{font-family:sans-serif;margin:1.5em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left}tr.posted td:nth-child(4){color:#1a7f37}</style>
</head><body>
<h1>BAS sandbox: documents${type ? ` — ${escapeHtml(type)}` : ''}</h1>
<p>Newest first, refreshed every 5 s. <a href="?type=Document_ЗаказПокупателя">Customer orders only</a> · <a href="?">all</a> · <a href="?format=json${type ? `&type=${encodeURIComponent(type)}` : ''}">JSON</a></p>
<table><thead><tr><th>document</th><th>number</th><th>date</th><th>state</th><th>counterparty</th><th>amount</th><th>CRM order</th><th>based on</th></tr></thead>
<tbody>
${rows.map((row) => `<tr${row.posted ? ' class="posted"' : ''}>${cells(row)}</tr>`).join('\n')}
</tbody></table>
</body></html>`;
}

/** The route handler; `store` is read on each request, since a reset replaces it. */
export function documentsPage(store: () => BasStore) {
	return async (request: FastifyRequest, reply: FastifyReply) => {
		const query = request.query as { type?: string; limit?: string; format?: string };
		const limit = Number(query.limit);
		const rows = documentRows(store(), {
			type: query.type || undefined,
			limit: Number.isInteger(limit) && limit > 0 ? limit : undefined,
		});
		const wantsJson = query.format === 'json' || /application\/json/.test(request.headers.accept ?? '');
		if (wantsJson) return rows;
		return reply.type('text/html; charset=utf-8').send(renderPage(rows, query.type || undefined));
	};
}
