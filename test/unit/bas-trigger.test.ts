import type { IDataObject, INode } from 'n8n-workflow';

import {
	findChanges,
	nextVersions,
	type ObjectVersion,
	readCursor,
	versionsFor,
	writeCursor,
} from '../../nodes/Bas/trigger/cursor';
import {
	cursorScope,
	outputFields,
	settingsFilter,
	type TriggerSettings,
	watchedSet,
	windowFilter,
} from '../../nodes/Bas/trigger/query';
import { parseMetadata } from '../../nodes/Bas/odata/metadata';
import { renderEdmx } from '../../sandbox/bas/edmx';
import { buildSchema } from '../../sandbox/bas/schema';

const A = 'aaaaaaaa-0000-0000-0000-000000000001';
const B = 'bbbbbbbb-0000-0000-0000-000000000002';
const C = 'cccccccc-0000-0000-0000-000000000003';

/** One poll of plain data through the cursor, as pollChanges does when every changed object is read. */
function poll(remembered: Record<string, string>, read: ObjectVersion[]) {
	const changes = findChanges(remembered, read);
	const emitted = new Map(changes.map((change) => [change.ref, read.find((r) => r.ref === change.ref)!.version]));
	return { changes, versions: nextVersions(remembered, read, emitted, new Set()) };
}

describe('BAS Trigger cursor', () => {
	it('finds created and changed objects in read order and skips unchanged ones', () => {
		const changes = findChanges({ [A]: 'v1', [B]: 'v1' }, [
			{ ref: C, version: 'v1' },
			{ ref: A, version: 'v1' },
			{ ref: B, version: 'v2' },
		]);
		expect(changes).toEqual([
			{ ref: C, change: 'created', previousVersion: null },
			{ ref: B, change: 'changed', previousVersion: 'v1' },
		]);
	});

	it('emits a version once: the next poll with the same versions finds nothing', () => {
		const first = poll({}, [{ ref: A, version: 'v1' }]);
		expect(first.changes).toHaveLength(1);
		const second = poll(first.versions, [{ ref: A, version: 'v1' }]);
		expect(second.changes).toEqual([]);
		const third = poll(second.versions, [{ ref: A, version: 'v2' }]);
		expect(third.changes).toEqual([{ ref: A, change: 'changed', previousVersion: 'v1' }]);
	});

	it('sees a second document of the same second created after the poll that saw the first', () => {
		// both dated 10:00:00; a cursor on the date alone ("after 10:00:00") would miss B
		const first = poll({}, [{ ref: A, version: 'v1' }]);
		const second = poll(first.versions, [
			{ ref: A, version: 'v1' },
			{ ref: B, version: 'v2' },
		]);
		expect(second.changes).toEqual([{ ref: B, change: 'created', previousVersion: null }]);
	});

	it('forgets objects the read no longer returns (out of the window, filtered out, deleted)', () => {
		const versions = nextVersions({ [A]: 'v1', [B]: 'v1' }, [{ ref: B, version: 'v1' }], new Map(), new Set());
		expect(versions).toEqual({ [B]: 'v1' });
	});

	it('remembers the version an object was emitted with, not the older one of the version read', () => {
		// B was written again between the version read (v2) and the object read (v3)
		const versions = nextVersions({ [B]: 'v1' }, [{ ref: B, version: 'v2' }], new Map([[B, 'v3']]), new Set());
		expect(versions).toEqual({ [B]: 'v3' });
		expect(findChanges(versions, [{ ref: B, version: 'v3' }])).toEqual([]);
	});

	it('keeps changes it could not emit for the next poll: the old version, or unknown', () => {
		const read = [
			{ ref: A, version: 'v2' },
			{ ref: B, version: 'v1' },
		];
		const versions = nextVersions({ [A]: 'v1' }, read, new Map(), new Set([A, B]));
		expect(versions).toEqual({ [A]: 'v1' });
		expect(findChanges(versions, read)).toEqual([
			{ ref: A, change: 'changed', previousVersion: 'v1' },
			{ ref: B, change: 'created', previousVersion: null },
		]);
	});

	it('stores and reads the cursor in static data; another shape or scope is a first run', () => {
		const staticData: IDataObject = {};
		writeCursor(staticData, { scope: 's', versions: { [A]: 'v1' } });
		const stored = JSON.parse(JSON.stringify(staticData)) as IDataObject;
		expect(versionsFor(readCursor(stored), 's')).toEqual({ [A]: 'v1' });
		expect(versionsFor(readCursor(stored), 'other')).toBeUndefined();
		expect(readCursor({ basTriggerCursor: { scope: 's', versions: { [A]: 1 } } })).toBeUndefined();
		expect(readCursor({ basTriggerCursor: 'garbage' })).toBeUndefined();
		expect(readCursor({})).toBeUndefined();
	});

	it('takes about 54 bytes of static data per remembered object', () => {
		const staticData: IDataObject = {};
		const versions: Record<string, string> = {};
		for (let i = 0; i < 10_000; i++) {
			versions[`${i.toString(16).padStart(8, '0')}-954f-11e3-814b-005056c00008`] = 'AAAAAQAAAAA=';
		}
		writeCursor(staticData, { scope: cursorScope(SET(), SETTINGS), versions });
		const bytes = Buffer.byteLength(JSON.stringify(staticData));
		expect(Math.round(bytes / 10_000)).toBe(54);
	});

	it('knows no object named like a member of a plain JS object', () => {
		expect(findChanges({}, [{ ref: 'constructor', version: 'v1' }])).toEqual([
			{ ref: 'constructor', change: 'created', previousVersion: null },
		]);
	});
});

const NODE = { name: 'BAS Trigger' } as INode;
const METADATA = parseMetadata(renderEdmx(buildSchema('unf')));
const UT_METADATA = parseMetadata(renderEdmx(buildSchema('ut')));
const SETTINGS: TriggerSettings = {
	entitySet: 'Document_ЗаказПокупателя',
	lookBackDays: 30,
	postedOnly: false,
	organisation: '',
	status: { field: '', values: [] },
	fields: [],
};
const SET = (name = SETTINGS.entitySet, metadata = METADATA) => watchedSet(NODE, metadata, name);

describe('BAS Trigger filters', () => {
	it('watches documents and catalogs only, by their $metadata names', () => {
		expect(SET('Catalog_Номенклатура').kind).toBe('Catalog');
		expect(() => SET('Document_НетТакого')).toThrow('The publication has no object "Document_НетТакого"');
		expect(() => SET('AccumulationRegister_ЗапасыНаСкладах')).toThrow('watches documents and catalogs');
		expect(() => SET('constructor')).toThrow('The publication has no object "constructor"');
	});

	it('builds posted, organisation and status filters', () => {
		const filter = settingsFilter(NODE, SET(), {
			...SETTINGS,
			postedOnly: true,
			organisation: A.toUpperCase(),
			status: {
				field: 'СостояниеЗаказа',
				values: [`Catalog_СостоянияЗаказовПокупателей(guid'${B}')`, `Catalog_СостоянияЗаказовПокупателей(${C})`],
			},
		});
		expect(filter?.text).toBe(
			`(Posted eq true) and (Организация_Key eq guid'${A}') and ` +
				`((СостояниеЗаказа eq cast(guid'${B}', 'Catalog_СостоянияЗаказовПокупателей')) or ` +
				`(СостояниеЗаказа eq cast(guid'${C}', 'Catalog_СостоянияЗаказовПокупателей')))`,
		);
	});

	it('compares an enum status by the member name and a reference by its Ref_Key', () => {
		const ut = SET('Document_ЗаказКлиента', UT_METADATA);
		const byEnum = settingsFilter(NODE, ut, { ...SETTINGS, status: { field: 'Статус', values: ['КОтгрузке'] } });
		expect(byEnum?.text).toBe("Статус eq 'КОтгрузке'");
		const byRef = settingsFilter(NODE, ut, { ...SETTINGS, status: { field: 'Склад_Key', values: [A] } });
		expect(byRef?.text).toBe(`Склад_Key eq guid'${A}'`);
		expect(() => settingsFilter(NODE, ut, { ...SETTINGS, status: { field: 'Склад_Key', values: ['Main'] } })).toThrow(
			'Status value "Main" does not fit Склад_Key: expected a Ref_Key (GUID)',
		);
	});

	it('refuses fields the object does not have, before anything is sent', () => {
		expect(() => settingsFilter(NODE, SET(), { ...SETTINGS, status: { field: 'Статус', values: ['x'] } })).toThrow(
			'Document_ЗаказПокупателя has no field "Статус" (Status Field)',
		);
		expect(() => settingsFilter(NODE, SET('Catalog_Номенклатура'), { ...SETTINGS, organisation: A })).toThrow(
			'Catalog_Номенклатура has no field "Организация_Key" (Organisation)',
		);
		expect(() => settingsFilter(NODE, SET('Catalog_Номенклатура'), { ...SETTINGS, postedOnly: true })).toThrow(
			'"Posted Only" applies to documents only',
		);
		expect(() => outputFields(NODE, SET(), { ...SETTINGS, fields: ['СуммаДокумента', 'Сума'] })).toThrow(
			'Document_ЗаказПокупателя has no field "Сума" (Fields)',
		);
		expect(outputFields(NODE, SET(), { ...SETTINGS, fields: ['СуммаДокумента'] })).toEqual([
			'Ref_Key',
			'DataVersion',
			'СуммаДокумента',
		]);
	});

	it('opens the window the look-back before now, on the server clock', () => {
		const now = new Date('2024-06-30T21:30:00Z'); // 00:30 on 1 July in Kyiv
		expect(windowFilter({ ...SETTINGS, lookBackDays: 30 }, now, 'Europe/Kyiv').text).toBe(
			"Date ge datetime'2024-06-01T00:30:00'",
		);
	});

	it('starts over when the object, window or filters change, not when the returned fields do', () => {
		const base = cursorScope(SET(), SETTINGS);
		expect(cursorScope(SET(), { ...SETTINGS, fields: ['Number'] })).toBe(base);
		expect(cursorScope(SET(), { ...SETTINGS, lookBackDays: 60 })).not.toBe(base);
		expect(cursorScope(SET(), { ...SETTINGS, postedOnly: true })).not.toBe(base);
		expect(cursorScope(SET('Document_РасходнаяНакладная'), SETTINGS)).not.toBe(base);
	});
});
