import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { customFields } from '../actions/directory/getMany.operation';
import { getKeyCrmConnection, keyCrmListAll, keyCrmListPages } from '../transport';

/** A paginated KeyCRM directory (`/order/status`, `/order/source`, …) as dropdown options, sorted by name. */
async function directoryOptions(
	ctx: ILoadOptionsFunctions,
	path: string,
	label: (row: IDataObject) => string = (row) => String(row.name ?? row.id),
): Promise<INodePropertyOptions[]> {
	const connection = await getKeyCrmConnection(ctx);
	const rows = await keyCrmListAll(ctx, connection, path);
	return rows
		.map((row) => ({ name: `${label(row)} (${String(row.id)})`, value: Number(row.id) }))
		.sort((a, b) => a.name.localeCompare(b.name));
}

export async function getOrderStatuses(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await directoryOptions(this, '/order/status', (row) => String(row.name ?? row.alias ?? row.id));
}

export async function getSources(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await directoryOptions(this, '/order/source');
}

export async function getPaymentMethods(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await directoryOptions(this, '/order/payment-method');
}

export async function getDeliveryServices(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await directoryOptions(this, '/order/delivery-service');
}

export async function getUsers(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await directoryOptions(this, '/users', (row) =>
		String(row.full_name ?? [row.first_name, row.last_name].filter(Boolean).join(' ') ?? row.id),
	);
}

export async function getCategories(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await directoryOptions(this, '/products/categories');
}

export async function getTags(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await directoryOptions(this, '/order/tag');
}

export async function getExpenseTypes(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await directoryOptions(this, '/order/expense-type');
}

export async function getPipelines(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await directoryOptions(this, '/pipelines');
}

/** Statuses of every pipeline, named with their pipeline (a card's status must be one of its own pipeline's). */
export async function getPipelineStatuses(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const connection = await getKeyCrmConnection(this);
	const pipelines = await keyCrmListAll(this, connection, '/pipelines');
	const options: INodePropertyOptions[] = [];
	for (const pipeline of pipelines) {
		const statuses = await keyCrmListAll(this, connection, `/pipelines/${String(pipeline.id)}/statuses`);
		for (const status of statuses) {
			options.push({
				name: `${String(pipeline.name ?? pipeline.id)}: ${String(status.title ?? status.name ?? status.alias ?? status.id)} (${String(status.id)})`,
				value: Number(status.id),
			});
		}
	}
	return options;
}

export async function getLeadCustomFields(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await customFieldOptions(this, 'lead');
}

/**
 * KeyCRM has no list of warehouses: they are read from the per-warehouse stock breakdown
 * (`/offers/stocks?filter[details]=true`), whose first page names every warehouse of its offers.
 */
export async function getWarehouses(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const connection = await getKeyCrmConnection(this);
	const found = new Map<number, string>();
	for await (const page of keyCrmListPages(
		this,
		connection,
		'/offers/stocks',
		{ filter: { details: 'true' } },
		{ limit: 50 },
	)) {
		for (const offer of page) {
			for (const warehouse of (offer.warehouse ?? []) as IDataObject[]) {
				found.set(Number(warehouse.id), String(warehouse.name ?? warehouse.id));
			}
		}
	}
	return [...found]
		.map(([id, name]) => ({ name: `${name} (${id})`, value: id }))
		.sort((a, b) => a.name.localeCompare(b.name));
}

/** Custom fields of one kind of record, offered by name; the value is the uuid KeyCRM writes by. */
async function customFieldOptions(ctx: ILoadOptionsFunctions, model: string): Promise<INodePropertyOptions[]> {
	const connection = await getKeyCrmConnection(ctx);
	const fields = await customFields(ctx, connection, [model]);
	return fields
		.filter((field) => !field.model || field.model === model)
		.map((field) => ({
			name: String(field.name ?? field.uuid),
			value: String(field.uuid),
			description: `${String(field.uuid)}, ${String(field.type ?? 'text')}`,
		}))
		.sort((a, b) => a.name.localeCompare(b.name));
}

export async function getOrderCustomFields(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await customFieldOptions(this, 'order');
}

export async function getBuyerCustomFields(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await customFieldOptions(this, 'client');
}

export async function getCompanyCustomFields(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await customFieldOptions(this, 'company');
}

export async function getProductCustomFields(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await customFieldOptions(this, 'crm_product');
}
