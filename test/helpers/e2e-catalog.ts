/**
 * What the catalog, payment and people template tests share beyond test/helpers/e2e.ts: writes
 * to the BAS sandbox over its OData interface (as a person editing the base would make them),
 * and KeyCRM reads by SKU.
 */
import { type E2eState, keyCrmApi, sandboxCall } from './e2e';

function basUrl(state: E2eState, path: string): string {
	return `${state.sandboxes.bas.publicationUrl}/odata/standard.odata/${path}?$format=json`;
}

function basAuth(state: E2eState): Record<string, string> {
	const { user, password } = state.sandboxes.bas;
	return { authorization: `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}` };
}

/** Creates an object in BAS (`POST <set>`) and returns it as BAS holds it. */
export async function basCreate(
	state: E2eState,
	set: string,
	body: Record<string, unknown>,
): Promise<Record<string, unknown>> {
	return await sandboxCall(basUrl(state, encodeURIComponent(set)), 'POST', body, basAuth(state));
}

/** Changes fields of an object in BAS (`PATCH <set>(guid'…')`). */
export async function basPatch(
	state: E2eState,
	set: string,
	ref: unknown,
	body: Record<string, unknown>,
): Promise<Record<string, unknown>> {
	return await sandboxCall(
		basUrl(state, `${encodeURIComponent(set)}(guid'${String(ref)}')`),
		'PATCH',
		body,
		basAuth(state),
	);
}

export interface KeyCrmOffer {
	id: number;
	product_id: number;
	sku: string;
	price: number;
	product?: { id: number; name: string; description: string | null; category_id: number | null };
}

/** KeyCRM's offers (variants) with these SKUs, each with its product. */
export async function keyCrmOffersBySku(state: E2eState, skus: string[]): Promise<KeyCrmOffer[]> {
	const query = new URLSearchParams({ 'filter[sku]': skus.join(','), include: 'product', limit: '50' });
	return (await keyCrmApi<{ data: KeyCrmOffer[] }>(state, 'GET', `/offers?${query.toString()}`)).data;
}

/** How many KeyCRM products there are (the `total` of the first page). */
export async function keyCrmProductCount(state: E2eState): Promise<number> {
	return (await keyCrmApi<{ total: number }>(state, 'GET', '/products?limit=1')).total;
}
