/**
 * What the BAS engine tests share: credentials for a BAS sandbox, the workflow "Manual Trigger →
 * Items → BAS node" run through n8n-core, resource mapper values as the editor saves them, the
 * sandbox's request log by method and target, and readers of the sandbox's demo data.
 */
import type { ICredentialDataDecryptedObject, IDataObject, INode, ResourceMapperValue } from 'n8n-workflow';

import type { ProfileId } from '../../sandbox/bas/schema';
import type { BasSandbox } from '../../sandbox/bas/server';
import type { Entity } from '../../sandbox/bas/store';
import type { RecordedRequest } from '../../sandbox/common/recorder';
import { type NodeRun, runNodeOnItems } from './engine';

export type BasCredentials = { basODataApi: ICredentialDataDecryptedObject };

/** The sandbox's first user on its publication, plus any other credential fields (preset, time zone…). */
export function basCredentials(bas: BasSandbox, extra: ICredentialDataDecryptedObject = {}): BasCredentials {
	return {
		basODataApi: { url: bas.publicationUrl, user: bas.users[0].name, password: bas.users[0].password, ...extra },
	};
}

const NODE_NAMES = { basDocument: 'BAS Document', basCatalog: 'BAS Catalog', basTrigger: 'BAS Trigger' } as const;
export type BasNodeType = keyof typeof NODE_NAMES;

/** A node of this package as the editor saves it, named by its type's display name, using the BAS credentials. */
export function basNode(type: BasNodeType, parameters: INode['parameters'], extra: Partial<INode> = {}): INode {
	return {
		id: type,
		name: NODE_NAMES[type],
		type: `n8n-nodes-bas-crm.${type}`,
		typeVersion: 1,
		position: [400, 0],
		parameters,
		credentials: { basODataApi: { id: '1', name: 'BAS' } },
		...extra,
	};
}

export interface BasNodeRunOptions {
	type: BasNodeType;
	parameters: INode['parameters'];
	/** the input items (default one empty item), emitted by an Items node */
	items?: IDataObject[];
	/** `continueErrorOutput` sends failed items to the node's second output */
	onError?: INode['onError'];
	credentials: BasCredentials;
}

/** One run of the node under test: its items and its error, by output. */
export type BasNodeRun = NodeRun;

/** Manual Trigger → Items → the BAS node, run in-process by n8n-core against the credentials' base. */
export async function runBasNode(options: BasNodeRunOptions): Promise<BasNodeRun> {
	const node = basNode(options.type, options.parameters, options.onError ? { onError: options.onError } : {});
	return await runNodeOnItems({ node, items: options.items, credentials: options.credentials });
}

/** Fields defined below in the resource mapper, as the editor saves them. */
export const defineBelow = (value: IDataObject, matchingColumns: string[] = []) =>
	({
		mappingMode: 'defineBelow',
		value,
		matchingColumns,
		schema: [],
		attemptToConvertTypes: false,
		convertFieldsToString: false,
	}) as unknown as ResourceMapperValue;

/** What a request went to, e.g. `GET Catalog_Номенклатура` or `POST Post` (a bound function of an object). */
export function requestTarget(request: Pick<RecordedRequest, 'method' | 'url'>): string {
	const path = request.url.replace(/\?.*$/, '').replace(/\(guid'[^']*'\)/, '');
	return `${request.method} ${path.split('/').pop()}`;
}

/** The sandbox's request log read the ways the tests count it. */
export function basRequests(bas: BasSandbox) {
	/** requests other than $metadata (read once per process and cached) */
	const data = () => bas.requests.filter((r) => !r.url.includes('$metadata'));
	return {
		data,
		/** what changed data: every method but GET */
		writes: () => data().filter((r) => r.method !== 'GET'),
		/** the requests' targets in order, `$metadata` aside */
		targets: () => data().map(requestTarget),
		/** how many requests went to a target, e.g. `count('POST Catalog_Контрагенты')` */
		count: (target: string) => data().filter((r) => requestTarget(r) === target).length,
		/** forgets what was sent so far */
		clear: () => void bas.requests.splice(0),
	};
}

/** The elements (not folders) of a catalog in the sandbox's store. */
export const elements = (bas: BasSandbox, set: string): Entity[] =>
	bas.store.list(set).filter((entity) => entity.IsFolder !== true);

/** Ref_Key of the first element (not folder) of a catalog in the sandbox's store. */
export const firstRef = (bas: BasSandbox, set: string): string => String(elements(bas, set)[0]?.Ref_Key);

/** Each configuration's customer order (Accounting: the invoice to pay), its goods section and that section's item column. */
export const CUSTOMER_ORDER: Record<ProfileId, { document: string; section: string; itemColumn: string }> = {
	unf: { document: 'Document_ЗаказПокупателя', section: 'Запасы', itemColumn: 'Номенклатура' },
	ut: { document: 'Document_ЗаказКлиента', section: 'Товары', itemColumn: 'Номенклатура_Key' },
	bp: { document: 'Document_СчетНаОплатуПокупателю', section: 'Товары', itemColumn: 'Номенклатура' },
};

/** The first organisation and customer of the demo data, as an order's header refers to them (UT's with the customer's partner). */
export function orderParties(bas: BasSandbox): IDataObject {
	const customer = elements(bas, 'Catalog_Контрагенты')[0];
	return {
		Организация_Key: firstRef(bas, 'Catalog_Организации'),
		...(bas.profile === 'ut' ? { Партнер_Key: String(customer.Партнер_Key) } : {}),
		Контрагент_Key: String(customer.Ref_Key),
	};
}

/** A boolean attribute of `Catalog_Номенклатура` in each configuration (Accounting has no alcohol flag). */
export const ITEM_FLAG: Record<ProfileId, string> = {
	unf: 'АлкогольнаяПродукция',
	ut: 'АлкогольнаяПродукция',
	bp: 'ТабачнаяПродукция',
};
