/**
 * Directory Map through the n8n engine against the sandboxes: the dropdowns as the editor loads
 * them (KeyCRM and SalesDrive directories, BAS catalogs, enumerations and catalog items of the
 * UNF base), and runs that map three fields CRM → BAS and back with one set of tables, send
 * unmapped values to the second output with their labels, put row flags on the output, refuse a
 * table with a value twice and pair every output item with its input.
 */
import { LoadOptionsContext } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INode,
	INodeParameters,
	INodePropertyOptions,
	INodeType,
} from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { type BasSandbox, startBasSandbox } from '../../sandbox/bas/server';
import { type KeyCrmSandbox, startKeyCrmSandbox } from '../../sandbox/keycrm/server';
import { type SalesDriveSandbox, startSalesDriveSandbox } from '../../sandbox/salesdrive/server';
import { basCredentials } from '../helpers/bas';
import { createAdditionalData, loadPackage, MANUAL_TRIGGER, runWorkflow } from '../helpers/engine';
import { keyCrmCredentials } from '../helpers/keyCrm';
import { salesDriveCredentials } from '../helpers/salesDrive';

const TIME_SCALE = 60;
const ORDER_STATES = 'Catalog_СостоянияЗаказовПокупателей';

function mapNode(parameters: INodeParameters, extra: Partial<INode> = {}): INode {
	return {
		id: 'map',
		name: 'Directory Map',
		type: 'n8n-nodes-bas-crm.directoryMap',
		typeVersion: 1,
		position: [400, 0],
		parameters,
		credentials: {
			keyCrmApi: { id: '1', name: 'KeyCRM' },
			salesDriveApi: { id: '2', name: 'SalesDrive' },
			basODataApi: { id: '3', name: 'BAS' },
		},
		...extra,
	};
}

describe('Directory Map through the n8n engine', () => {
	let bas: BasSandbox;
	let kc: KeyCrmSandbox;
	let sd: SalesDriveSandbox;
	let credentials: Record<string, ICredentialDataDecryptedObject>;
	/** the UNF base's order states by name */
	let state: Record<string, string>;

	beforeAll(async () => {
		[bas, kc, sd] = await Promise.all([
			startBasSandbox({ profile: 'unf' }),
			startKeyCrmSandbox({ timeScale: TIME_SCALE }),
			startSalesDriveSandbox({ timeScale: TIME_SCALE }),
		]);
		credentials = {
			...basCredentials(bas),
			...keyCrmCredentials(kc, TIME_SCALE),
			...salesDriveCredentials(sd, TIME_SCALE),
		};
		state = Object.fromEntries(
			bas.store.list(ORDER_STATES).map((row) => [String(row.Description), String(row.Ref_Key)]),
		);
	});
	afterAll(async () => {
		await Promise.all([bas.close(), kc.close(), sd.close()]);
	});

	/** A dropdown of the node as the editor loads it: n8n-core's load-options context with the node's parameters. */
	async function dropdown(method: string, parameters: INodeParameters, path: string): Promise<INodePropertyOptions[]> {
		const node = mapNode(parameters);
		const { nodeTypes } = await loadPackage();
		const graph = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
		const additionalData = await createAdditionalData(credentials);
		additionalData.currentNodeParameters = parameters;
		const context = new LoadOptionsContext(graph, node, additionalData, path);
		const type = nodeTypes.getByNameAndVersion(node.type, 1) as INodeType;
		return await type.methods!.loadOptions![method].call(context);
	}

	describe('dropdowns', () => {
		it('offers KeyCRM and SalesDrive order statuses, payment methods and organisations', async () => {
			const rowPath = 'parameters.orderStatusTable.rows[0].crmValue';
			const keyCrm = await dropdown('getCrmOrderStatusValues', { crm: 'keyCrm' }, rowPath);
			expect(keyCrm).toEqual(
				expect.arrayContaining([
					{ name: 'Новий (1)', value: 1 },
					{ name: 'Виконано (4)', value: 4 },
				]),
			);
			expect(keyCrm).toHaveLength(5);

			const salesDrive = await dropdown('getCrmOrderStatusValues', { crm: 'salesDrive' }, rowPath);
			expect(salesDrive.map((option) => option.value).sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
			const byParameter = await dropdown(
				'getCrmPaymentMethodValues',
				{ crm: 'salesDrive', salesDriveMethodValue: 'parameter' },
				'parameters.paymentMethodTable.rows[0].crmValue',
			);
			expect(byParameter.map((option) => option.value).sort()).toEqual(['card', 'cash', 'invoice', 'postpay']);
			// SalesDrive lists no organisations; its order list describes them
			const organisations = await dropdown(
				'getCrmOrganisationValues',
				{ crm: 'salesDrive' },
				'parameters.organisationTable.rows[0].crmValue',
			);
			expect(organisations.map((option) => option.value)).toEqual(expect.arrayContaining([1, 2]));
		});

		it('explains a directory the CRM does not list', async () => {
			await expect(
				dropdown('getCrmPriceTypeValues', { crm: 'keyCrm' }, 'parameters.priceTypeTable.rows[0].crmValue'),
			).rejects.toThrow('KeyCRM has no list of Price Types in its API');
		});

		it('offers the UNF catalogs and enumerations, then the order states and enum members', async () => {
			const objects = await dropdown('getBasObjects', { bas: 'odata' }, 'parameters.orderStatusBasObject');
			expect(objects).toEqual(
				expect.arrayContaining([
					expect.objectContaining({ name: 'Catalog СостоянияЗаказовПокупателей', value: ORDER_STATES }),
					expect.objectContaining({ name: 'Enum ТипыСтруктурныхЕдиниц', value: 'enum:ТипыСтруктурныхЕдиниц' }),
				]),
			);

			const states = await dropdown(
				'getBasOrderStatusValues',
				{ bas: 'odata', orderStatusBasObject: ORDER_STATES },
				'parameters.orderStatusTable.rows[0].basValue',
			);
			expect(states.map((option) => [option.name, option.value])).toEqual(
				['В роботі', 'Виконано', 'Завершено', 'Новий'].map((name) => [name, state[name]]),
			);

			const members = await dropdown(
				'getBasWarehouseValues',
				{ bas: 'odata', warehouseBasObject: 'enum:ТипыСтруктурныхЕдиниц' },
				'parameters.warehouseTable.rows[0].basValue',
			);
			expect(members.map((option) => option.value)).toEqual([
				'Склад',
				'Розница',
				'РозницаСуммовойУчет',
				'МагазинГруппаСкладов',
				'Подразделение',
			]);
		});
	});

	describe('runs', () => {
		/** KeyCRM ids ↔ UNF order states, with flags; delivery and payment tables typed in on the BAS side. */
		const tables = (): INodeParameters => ({
			crm: 'keyCrm',
			bas: 'odata',
			tables: ['orderStatus', 'deliveryMethod', 'paymentMethod'],
			orderStatusBasObject: ORDER_STATES,
			orderStatusTable: {
				rows: [
					{ crmValue: 1, basValue: state['Новий'], flags: '' },
					{ crmValue: 2, basValue: state['В роботі'], flags: 'reserve' },
					{ crmValue: 4, basValue: state['Завершено'], flags: 'createShipment, closeOrder' },
				],
			},
			deliveryMethodTable: { rows: [{ crmValue: 1, basValue: 'Нова пошта' }] },
			paymentMethodTable: { rows: [{ crmValue: 2, basValue: 'Безготівка' }] },
		});
		const crmFields = {
			field: [
				{ table: 'orderStatus', inputField: 'status_id', outputField: 'bas.state', whenUnmapped: 'route' },
				{ table: 'deliveryMethod', inputField: 'shipping.delivery_service_id', outputField: 'bas.delivery' },
				{ table: 'paymentMethod', inputField: 'payments[0].payment_method_id', outputField: 'bas.payment' },
			],
		};

		async function run(parameters: INodeParameters, items: IDataObject[], extra: Partial<INode> = {}) {
			const node = mapNode(parameters, extra);
			const emit: INode = {
				id: 'items',
				name: 'Items',
				type: 'test.emitItems',
				typeVersion: 1,
				position: [200, 0],
				parameters: { items: JSON.stringify(items) },
			};
			const result = await runWorkflow({
				workflow: {
					nodes: [MANUAL_TRIGGER, emit, node],
					connections: {
						[MANUAL_TRIGGER.name]: { main: [[{ node: emit.name, type: 'main', index: 0 }]] },
						[emit.name]: { main: [[{ node: node.name, type: 'main', index: 0 }]] },
					},
				},
				credentials,
			});
			return {
				status: result.status,
				mapped: result.output(node.name, 0),
				unmapped: result.output(node.name, 1),
				/** the error output, third when the node is set to continue on it */
				failed: result.output(node.name, 2),
				error: result.error(node.name),
			};
		}

		const order = (status: number, delivery = 1, payment = 2): IDataObject => ({
			status_id: status,
			shipping: { delivery_service_id: delivery },
			payments: [{ payment_method_id: payment }],
		});

		it('maps three fields CRM → BAS with the flags beside the state, paired with the inputs', async () => {
			const result = await run({ direction: 'crmToBas', ...tables(), fields: crmFields }, [order(4), order(1)]);
			expect(result.error).toBeUndefined();
			expect(result.unmapped).toEqual([]);
			expect(result.mapped.map((item) => [item.json.bas, item.pairedItem])).toEqual([
				[
					{
						state: state['Завершено'],
						stateFlags: { reserve: false, createShipment: true, closeOrder: true },
						delivery: 'Нова пошта',
						payment: 'Безготівка',
					},
					{ item: 0 },
				],
				[
					{
						state: state['Новий'],
						stateFlags: { reserve: false, createShipment: false, closeOrder: false },
						delivery: 'Нова пошта',
						payment: 'Безготівка',
					},
					{ item: 1 },
				],
			]);
			expect(result.mapped[0].json.status_id).toBe(4);
		});

		it('maps the same three fields back BAS → CRM with the same tables', async () => {
			const fields = {
				field: [
					{ table: 'orderStatus', inputField: 'state', outputField: 'crm.status_id', flagsField: 'crm.flags' },
					{ table: 'deliveryMethod', inputField: 'delivery', outputField: 'crm.delivery_service_id' },
					{ table: 'paymentMethod', inputField: 'payment', outputField: 'crm.payment_method_id' },
				],
			};
			const result = await run({ direction: 'basToCrm', ...tables(), fields }, [
				{ state: state['В роботі'], delivery: 'Нова пошта', payment: 'Безготівка' },
			]);
			expect(result.error).toBeUndefined();
			expect(result.mapped.map((item) => item.json.crm)).toEqual([
				{
					status_id: 2,
					flags: { reserve: true, createShipment: false, closeOrder: false },
					delivery_service_id: 1,
					payment_method_id: 2,
				},
			]);
		});

		it('sends unmapped values to the Unmapped output with item, field, value and label, paired with their input', async () => {
			const result = await run({ direction: 'crmToBas', ...tables(), fields: crmFields }, [
				order(1),
				order(5, 1, 99),
				order(2),
			]);
			expect(result.mapped.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 2 }]);
			expect(result.unmapped.map((item) => [item.json, item.pairedItem])).toEqual([
				[
					{ field: 'status_id', table: 'Order Statuses', value: 5, label: 'Скасовано', item: order(5, 1, 99) },
					{ item: 1 },
				],
				[
					// KeyCRM's payment methods do not have 99: no label, still reported
					{
						field: 'payments[0].payment_method_id',
						table: 'Payment Methods',
						value: 99,
						label: null,
						item: order(5, 1, 99),
					},
					{ item: 1 },
				],
			]);
		});

		it('labels a BAS value the table lacks with its catalog item, BAS → CRM', async () => {
			const result = await run(
				{
					direction: 'basToCrm',
					...tables(),
					fields: { field: [{ table: 'orderStatus', inputField: 'state' }] },
				},
				[{ state: state['Виконано'] }],
			);
			expect(result.unmapped.map((item) => item.json)).toEqual([
				{
					field: 'state',
					table: 'Order Statuses',
					value: state['Виконано'],
					label: 'Виконано',
					item: { state: state['Виконано'] },
				},
			]);
		});

		it('fails on a value the field must map, naming item, field and value', async () => {
			const fields = { field: [{ ...crmFields.field[0], whenUnmapped: 'fail' }] };
			const result = await run({ direction: 'crmToBas', ...tables(), fields }, [order(1), order(3)]);
			expect(result.status).toBe('error');
			expect(result.error?.message).toBe(
				'Item 1: the value 3 of the field "status_id" is not in the Order Statuses table',
			);

			const continued = await run({ direction: 'crmToBas', ...tables(), fields }, [order(1), order(3)], {
				onError: 'continueErrorOutput',
			});
			expect(continued.mapped.map((item) => item.pairedItem)).toEqual([{ item: 0 }]);
			expect(continued.unmapped).toEqual([]);
			expect(continued.failed.map((item) => [item.json.error, item.pairedItem])).toEqual([
				['Item 1: the value 3 of the field "status_id" is not in the Order Statuses table', { item: 1 }],
			]);
		});

		it('refuses a table that maps a value twice on the side read, naming both rows', async () => {
			const duplicated = tables();
			(duplicated.orderStatusTable as IDataObject).rows = [
				{ crmValue: 1, basValue: state['Новий'] },
				{ crmValue: 2, basValue: state['В роботі'] },
				{ crmValue: 3, basValue: state['В роботі'] },
			];
			const ok = await run({ direction: 'crmToBas', ...duplicated, fields: crmFields }, [order(3)]);
			expect(ok.error).toBeUndefined();
			const back = await run(
				{ direction: 'basToCrm', ...duplicated, fields: { field: [{ table: 'orderStatus', inputField: 'state' }] } },
				[{ state: state['Новий'] }],
			);
			expect(back.status).toBe('error');
			expect(back.error?.message).toBe(
				`Directory table "Order Statuses": the BAS value "${state['В роботі']}" is mapped twice (rows 2 and 3)`,
			);
		});
	});
});
