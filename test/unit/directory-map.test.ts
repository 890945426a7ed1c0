/**
 * The Directory Map engine, pure: tables compiled per direction (duplicates refused, flags on
 * every row), fields read and written by nested paths, and unmapped values routed, defaulted or
 * failed — never dropped.
 */
import { optionLabel } from '../../nodes/DirectoryMap/methods/crmDirectories';
import type { IDataObject } from 'n8n-workflow';

import { compileMapping, type MappingRule } from '../../nodes/DirectoryMap/mapping/mapper';
import { getPath, parsePath, setPath } from '../../nodes/DirectoryMap/mapping/paths';
import {
	compileTable,
	type DirectoryTable,
	DuplicateValueError,
	parseFlags,
} from '../../nodes/DirectoryMap/mapping/table';

const STATUSES: DirectoryTable = {
	name: 'Order Statuses',
	rows: [
		{ crm: 1, bas: 'guid-new', flags: '' },
		{ crm: 2, bas: 'guid-work', flags: 'reserve' },
		{ crm: 3, bas: 'guid-done', flags: 'createShipment, closeOrder' },
		{ crm: 4, bas: 'guid-returned', flags: 'createReturn; reason=customer' },
	],
};
const DELIVERY: DirectoryTable = {
	name: 'Delivery Methods',
	rows: [
		{ crm: 'novaposhta', bas: 'Доставка НП' },
		{ crm: 'pickup', bas: 'Самовивіз' },
	],
};
const PAYMENT: DirectoryTable = { name: 'Payment Methods', rows: [{ crm: '6', bas: 'Готівка' }] };
const TABLES = { orderStatus: STATUSES, deliveryMethod: DELIVERY, paymentMethod: PAYMENT };

const rule = (table: string, inputField: string, extra: Partial<MappingRule> = {}): MappingRule => ({
	table,
	inputField,
	whenUnmapped: 'route',
	...extra,
});

describe('field paths', () => {
	it('parses dots and list indexes, and refuses what is not a path', () => {
		expect(parsePath('statusId')).toEqual(['statusId']);
		expect(parsePath('meta.fields.statusId.options[0].text')).toEqual([
			'meta',
			'fields',
			'statusId',
			'options',
			0,
			'text',
		]);
		expect(parsePath('rows[1][2]')).toEqual(['rows', 1, 2]);
		expect(parsePath('')).toBeUndefined();
		expect(parsePath('a..b')).toBeUndefined();
		expect(parsePath('a[x]')).toBeUndefined();
	});

	it('sets nested values on copies, leaving the input untouched', () => {
		const input: IDataObject = { data: { statusId: 3, keep: true }, other: 1 };
		const out = { ...input };
		setPath(out, parsePath('data.bas.status')!, 'guid');
		setPath(out, parsePath('lines[1].x')!, 5);
		expect(out).toEqual({
			data: { statusId: 3, keep: true, bas: { status: 'guid' } },
			other: 1,
			lines: [undefined, { x: 5 }],
		});
		expect(input).toEqual({ data: { statusId: 3, keep: true }, other: 1 });
		expect(getPath(out, parsePath('data.bas.status')!)).toBe('guid');
		expect(getPath(out, parsePath('missing.deeper')!)).toBeUndefined();
	});
});

describe('directory tables', () => {
	it('parses flags: names are true, name=text is text', () => {
		expect(parseFlags('createShipment, closeOrder; reason = defect\nurgent')).toEqual({
			createShipment: true,
			closeOrder: true,
			reason: 'defect',
			urgent: true,
		});
		expect(parseFlags(undefined)).toEqual({});
	});

	it('maps CRM → BAS and BAS → CRM with the same rows, every row carrying every flag', () => {
		const crmToBas = compileTable(STATUSES, 'crmToBas');
		expect(crmToBas.entries.get('3')).toEqual({
			value: 'guid-done',
			row: 3,
			flags: { reserve: false, createShipment: true, closeOrder: true, createReturn: false, reason: false },
		});
		const basToCrm = compileTable(STATUSES, 'basToCrm');
		expect(basToCrm.entries.get('guid-returned')).toEqual({
			value: 4,
			row: 4,
			flags: { reserve: false, createShipment: false, closeOrder: false, createReturn: true, reason: 'customer' },
		});
		expect([...basToCrm.entries.keys()]).toEqual(['guid-new', 'guid-work', 'guid-done', 'guid-returned']);
	});

	it('refuses a value mapped twice on the side the direction reads, naming both rows', () => {
		const table: DirectoryTable = {
			name: 'Order Statuses',
			rows: [
				{ crm: 1, bas: 'guid-new' },
				{ crm: 2, bas: 'guid-work' },
				{ crm: ' 1', bas: 'guid-other' },
				{ crm: 5, bas: 'guid-work' },
			],
		};
		expect(() => compileTable(table, 'crmToBas')).toThrow(
			'Directory table "Order Statuses": the CRM value "1" is mapped twice (rows 1 and 3)',
		);
		const oneToMany = { ...table, rows: [table.rows[0], table.rows[1], table.rows[3]] };
		let error: unknown;
		try {
			compileTable(oneToMany, 'basToCrm');
		} catch (caught) {
			error = caught;
		}
		expect(error).toBeInstanceOf(DuplicateValueError);
		expect(error).toMatchObject({ side: 'bas', value: 'guid-work', rows: [2, 3] });
		// many CRM values to one BAS value is fine when reading the CRM side
		expect(compileTable(oneToMany, 'crmToBas').entries.size).toBe(3);
	});

	it('skips rows with an empty side: nothing is mapped to or from an empty value', () => {
		const table = compileTable(
			{
				name: 'T',
				rows: [
					{ crm: 1, bas: '' },
					{ crm: '', bas: 'x' },
					{ crm: 2, bas: 'y' },
				],
			},
			'crmToBas',
		);
		expect([...table.entries.keys()]).toEqual(['2']);
	});
});

describe('mapping items', () => {
	it('maps three fields CRM → BAS into output fields, with the flags beside the value', () => {
		const map = compileMapping(
			TABLES,
			[
				rule('orderStatus', 'data.statusId', { outputField: 'bas.status' }),
				rule('deliveryMethod', 'data.shipping_method', { outputField: 'bas.delivery' }),
				rule('paymentMethod', 'data.payment_method', { outputField: 'bas.payment' }),
			],
			'crmToBas',
		);
		const input = { data: { statusId: '3', shipping_method: 'novaposhta', payment_method: 6 } };
		const result = map(input);
		expect(result.unmapped).toEqual([]);
		expect(result.json).toEqual({
			data: input.data,
			bas: {
				status: 'guid-done',
				statusFlags: { reserve: false, createShipment: true, closeOrder: true, createReturn: false, reason: false },
				delivery: 'Доставка НП',
				payment: 'Готівка',
			},
		});
		expect(input).toEqual({ data: { statusId: '3', shipping_method: 'novaposhta', payment_method: 6 } });
	});

	it('maps BAS → CRM with the same tables, replacing the field in place when no output is given', () => {
		const map = compileMapping(TABLES, [rule('orderStatus', 'status', { flagsField: 'crmFlags' })], 'basToCrm');
		expect(map({ status: 'guid-work' }).json).toEqual({
			status: 2,
			crmFlags: { reserve: true, createShipment: false, closeOrder: false, createReturn: false, reason: false },
		});
	});

	it('routes unmapped values with field, table, value and label, and carries on with the other fields', () => {
		const map = compileMapping(
			TABLES,
			[
				rule('orderStatus', 'statusId', { labelField: 'meta.fields.statusId.options[0].text' }),
				rule('deliveryMethod', 'shipping_method'),
				rule('paymentMethod', 'payment_method'),
			],
			'crmToBas',
		);
		const result = map({
			statusId: 9,
			shipping_method: 'pickup',
			payment_method: 'card',
			meta: { fields: { statusId: { options: [{ text: 'Повернення' }] } } },
		});
		expect(result.unmapped).toEqual([
			{ field: 'statusId', table: 'Order Statuses', tableId: 'orderStatus', value: 9, label: 'Повернення' },
			{ field: 'payment_method', table: 'Payment Methods', tableId: 'paymentMethod', value: 'card' },
		]);
		expect(result.failure).toBeUndefined();
	});

	it('a missing value is unmapped unless the field ignores empty values', () => {
		const strict = compileMapping(TABLES, [rule('paymentMethod', 'payment_method')], 'crmToBas');
		expect(strict({}).unmapped).toEqual([
			{ field: 'payment_method', table: 'Payment Methods', tableId: 'paymentMethod', value: undefined },
		]);
		const lenient = compileMapping(
			TABLES,
			[rule('paymentMethod', 'payment_method', { ignoreEmpty: true })],
			'crmToBas',
		);
		expect(lenient({ a: 1 })).toEqual({ json: { a: 1 }, unmapped: [] });
	});

	it('takes the default, with every flag false, when the field says so', () => {
		const map = compileMapping(
			TABLES,
			[rule('orderStatus', 'statusId', { outputField: 'state', whenUnmapped: 'default', defaultValue: 'guid-new' })],
			'crmToBas',
		);
		expect(map({ statusId: 77 }).json).toEqual({
			statusId: 77,
			state: 'guid-new',
			stateFlags: { reserve: false, createShipment: false, closeOrder: false, createReturn: false, reason: false },
		});
	});

	it('reports the first value whose field fails, naming field and value', () => {
		const map = compileMapping(
			TABLES,
			[rule('deliveryMethod', 'shipping_method', { whenUnmapped: 'fail' }), rule('orderStatus', 'statusId')],
			'crmToBas',
		);
		expect(map({ shipping_method: 'drone', statusId: 1 }).failure).toEqual({
			field: 'shipping_method',
			table: 'Delivery Methods',
			tableId: 'deliveryMethod',
			value: 'drone',
		});
	});

	it('refuses a field whose table is missing or whose path does not parse, and a duplicate in a used table', () => {
		expect(() => compileMapping(TABLES, [rule('warehouse', 'stockId')], 'crmToBas')).toThrow(
			'Field 1: no directory table "warehouse" is set up',
		);
		expect(() =>
			compileMapping(TABLES, [rule('orderStatus', 'statusId'), rule('orderStatus', 'a..b')], 'crmToBas'),
		).toThrow('Field 2: the input field "a..b" is not a field path');
		const duplicated = {
			...TABLES,
			paymentMethod: { name: 'Payment Methods', rows: [PAYMENT.rows[0], PAYMENT.rows[0]] },
		};
		expect(() => compileMapping(duplicated, [rule('orderStatus', 'statusId')], 'crmToBas')).not.toThrow();
		expect(() => compileMapping(duplicated, [rule('paymentMethod', 'payment_method')], 'crmToBas')).toThrow(
			DuplicateValueError,
		);
	});
});

describe('CRM option labels', () => {
	it('drop the id in brackets whatever the value is (SalesDrive methods may be valued by their parameter)', () => {
		expect(optionLabel({ name: 'Готівка (6)', value: 'cash' })).toBe('Готівка');
		expect(optionLabel({ name: 'Новий (1)', value: 1 })).toBe('Новий');
		expect(optionLabel({ name: 'Без дужок', value: 3 })).toBe('Без дужок');
	});
});
