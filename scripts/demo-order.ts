/**
 * `npm run demo:order`: one sample order for the demo `npm start` runs. It creates an order
 * through the SalesDrive sandbox's API (two goods the BAS sandbox has in stock, by SKU, one of them
 * with its size), the sandbox POSTs the real `new_order` webhook to n8n, and the published order
 * template makes a posted customer order in BAS; the script waits for that order (read over
 * OData) and prints it. `npm run demo:order -- ship <order id>` then moves the order to
 * "Відправлено", and the published status template makes the shipment invoice. Same ports as
 * `npm start`: BAS_SANDBOX_PORT, SALESDRIVE_SANDBOX_PORT.
 */
import { sandboxPortsFromEnv } from '../sandbox/all';
import { DEFAULT_BAS_USERS } from '../sandbox/bas/server';
import { DEFAULT_SALESDRIVE_API_KEY } from '../sandbox/salesdrive/server';

const WAREHOUSE = 'Основний склад';
const EMPTY_REF = '00000000-0000-0000-0000-000000000000';
const WAIT_MS = 60_000;
/** SalesDrive's demo status "Відправлено", which the status template maps to a shipment */
const SHIPPED = 3;

const ports = sandboxPortsFromEnv();
/** the port variables this run was given, for the next command it suggests */
const portsSet = ['BAS_SANDBOX_PORT', 'SALESDRIVE_SANDBOX_PORT']
	.filter((name) => process.env[name])
	.map((name) => `${name}=${process.env[name]} `)
	.join('');
const bas = `http://127.0.0.1:${ports.bas}`;
const salesDrive = `http://127.0.0.1:${ports.salesDrive}`;
const [basUser] = DEFAULT_BAS_USERS;

type Row = Record<string, unknown>;

async function call<T>(url: string, init: RequestInit = {}): Promise<T> {
	let response: Response;
	try {
		response = await fetch(url, init);
	} catch {
		throw new Error(`nothing answers at ${new URL(url).origin}: is \`npm start\` running (with the same ports)?`);
	}
	const text = await response.text();
	if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${url}: HTTP ${response.status} ${text.slice(0, 300)}`);
	return JSON.parse(text) as T;
}

/** JSON from the BAS sandbox's OData (`path` after standard.odata/), as the credential's user reads it. */
async function basOData<T>(path: string): Promise<T> {
	const separator = path.includes('?') ? '&' : '?';
	const auth = Buffer.from(`${basUser.name}:${basUser.password}`, 'utf8').toString('base64');
	return await call<T>(`${bas}/demo/odata/standard.odata/${encodeURI(path)}${separator}$format=json`, {
		headers: { authorization: `Basic ${auth}` },
	});
}

const basRows = async (path: string) => (await basOData<{ value: Row[] }>(path)).value;

/** SalesDrive lines for one item in stock with a size and one without, as a shop's site sends them. */
async function stockedLines() {
	const [warehouse] = await basRows(`Catalog_СтруктурныеЕдиницы?$filter=Description eq '${WAREHOUSE}'`);
	const balance = (await basRows('AccumulationRegister_ЗапасыНаСкладах/Balance()')).filter(
		(row) => row.СтруктурнаяЕдиница_Key === warehouse.Ref_Key && Number(row.КоличествоBalance) >= 2,
	);
	const items = new Map((await basRows('Catalog_Номенклатура?$filter=IsFolder eq false')).map((i) => [i.Ref_Key, i]));
	const sizes = new Map((await basRows('Catalog_ХарактеристикиНоменклатуры')).map((c) => [c.Ref_Key, c]));
	const sized = balance.find((row) => sizes.has(row.Характеристика_Key) && items.has(row.Номенклатура_Key));
	const plain = balance.find(
		(row) => row.Характеристика_Key === EMPTY_REF && items.has(row.Номенклатура_Key) && row !== sized,
	);
	if (!sized || !plain) throw new Error(`the BAS sandbox has no goods in stock at ${WAREHOUSE}`);
	const item = (row: Row) => items.get(row.Номенклатура_Key)!;
	return [
		{
			sku: `${String(item(sized).Артикул)}/${String(sizes.get(sized.Характеристика_Key)!.Description)}`,
			name: String(item(sized).Description),
			costPerItem: 450,
			amount: 2,
		},
		{ sku: String(item(plain).Артикул), name: String(item(plain).Description), costPerItem: 1200, amount: 1 },
	];
}

/** Polls `read` until it gives a value; a helpful error when the workflow never delivers. */
async function until<T>(read: () => Promise<T | undefined>, what: string): Promise<T> {
	const deadline = Date.now() + WAIT_MS;
	while (Date.now() < deadline) {
		const value = await read();
		if (value !== undefined) return value;
		await new Promise((r) => setTimeout(r, 500));
	}
	const { urls } = await call<{ urls: string[] }>(`${salesDrive}/__sandbox/webhooks`);
	throw new Error(
		urls.length === 0
			? 'the SalesDrive sandbox has no webhook target: is `npm start` running with the demo published?'
			: `no ${what} in BAS after ${WAIT_MS / 1000} s: see the execution in n8n (Executions)`,
	);
}

const postedOrderOf = async (orderId: number) =>
	(
		await basRows(`Document_ЗаказПокупателя?$filter=НомерВходящегоДокумента eq '${orderId}' and DeletionMark eq false`)
	).find((order) => order.Posted === true);

async function salesDriveCall<T>(path: string, body: unknown): Promise<T> {
	return await call<T>(`${salesDrive}${path}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'x-api-key': DEFAULT_SALESDRIVE_API_KEY },
		body: JSON.stringify(body),
	});
}

/** A new SalesDrive order → template 1 makes the posted customer order. */
async function newOrder() {
	const products = await stockedLines();
	const created = await salesDriveCall<{ success: boolean; data?: { orderId: number }; error?: string }>('/handler/', {
		getResultData: 1,
		fName: 'Тарас',
		lName: 'Шевчук',
		phone: '+380671234567',
		products,
		payment_method: 'card',
		shipping_method: 'novaposhta',
		shipping_address: 'Київ, відділення 12',
		comment: 'Демо-замовлення з npm run demo:order',
		sajt: 'shop.example.ua',
		utmSource: 'google',
		utmMedium: 'cpc',
		utmCampaign: 'demo',
	});
	if (!created.success || !created.data) throw new Error(`SalesDrive refused the order: ${created.error}`);
	const orderId = created.data.orderId;
	console.log(`SalesDrive order ${orderId} created: ${products.map((p) => `${p.sku} × ${p.amount}`).join(', ')}`);
	console.log('The SalesDrive sandbox sent its new_order webhook to n8n; waiting for the customer order in BAS …');
	const order = await until(() => postedOrderOf(orderId), `posted customer order for SalesDrive order ${orderId}`);
	const counterparty = await basOData<Row>(`Catalog_Контрагенты(guid'${String(order.Контрагент_Key)}')`);
	console.log(
		`BAS customer order ${String(order.Number)} for SalesDrive order ${orderId}: posted, ` +
			`${Number(order.СуммаДокумента).toFixed(2)} грн, counterparty "${String(counterparty.Description)}"`,
	);
	console.log(`See it: ${encodeURI(`${bas}/__sandbox/documents?type=Document_ЗаказПокупателя`)}`);
	console.log(
		`Ship it (the status template makes the shipment invoice): ${portsSet}npm run demo:order -- ship ${orderId}`,
	);
}

/** The SalesDrive order moved to "Відправлено" → template 2 makes the posted shipment invoice from the BAS order. */
async function ship(orderId: number) {
	const order = await postedOrderOf(orderId);
	if (!order) throw new Error(`BAS has no posted customer order for SalesDrive order ${orderId}`);
	const updated = await salesDriveCall<{ success: boolean }>('/api/order/update/', {
		id: orderId,
		data: { statusId: SHIPPED },
	});
	if (!updated.success) throw new Error(`SalesDrive refused the status change of order ${orderId}`);
	console.log(`SalesDrive order ${orderId} is now "Відправлено"; waiting for the shipment invoice in BAS …`);
	const shipment = await until(
		async () =>
			(await basRows('Document_РасходнаяНакладная')).find(
				(document) => document.Заказ === order.Ref_Key && document.Posted === true,
			),
		`posted shipment invoice for customer order ${String(order.Number)}`,
	);
	console.log(`BAS shipment invoice ${String(shipment.Number)} from customer order ${String(order.Number)}: posted`);
	console.log(`See it: ${encodeURI(`${bas}/__sandbox/documents`)}`);
}

const [command, argument] = process.argv.slice(2);
(command === 'ship' ? ship(Number(argument)) : newOrder()).catch((error: Error) => {
	console.error(error.message);
	process.exit(1);
});
