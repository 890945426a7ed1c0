/**
 * The sandbox's infobase: catalog and document objects by Ref_Key, register records, and the
 * rules 1C applies on write — unknown properties ignored, every property present on read (with
 * 1C's empty values), tabular sections replaced whole and renumbered, a new DataVersion on
 * every write, automatic Code and Number.
 */
import { randomUUID } from 'node:crypto';

import { DateTime } from 'luxon';

import { badRequest, notFound } from './errors';
import { emptyValue, type FieldDef, type ObjectDef, type Schema } from './schema';

export type Entity = Record<string, unknown>;

export const EMPTY_REF = '00000000-0000-0000-0000-000000000000';
export const EMPTY_DATE = '0001-01-01T00:00:00';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Document number prefixes per configuration, as the demo bases show them */
const NUMBER_PREFIX: Record<string, string> = { unf: 'НФ00-', ut: 'ТД00-', bp: 'БП00-' };

export class BasStore {
	/** catalogs and documents: set → Ref_Key (lower case) → entity */
	readonly objects = new Map<string, Map<string, Entity>>();
	/** every catalog and document object by Ref_Key, for following references */
	private readonly refIndex = new Map<string, Entity>();
	/** independent information register records: set → records */
	readonly infoRecords = new Map<string, Entity[]>();
	private version = 0;
	private readonly counters = new Map<string, number>();

	constructor(
		readonly schema: Schema,
		readonly timeZone = 'Europe/Kyiv',
	) {}

	definition(set: string): ObjectDef {
		const object = this.schema.objects[set];
		if (!object) throw badRequest(`Тип сущности не найден: ${set}`, '8');
		return object;
	}

	table(set: string): Map<string, Entity> {
		let table = this.objects.get(set);
		if (!table) {
			table = new Map();
			this.objects.set(set, table);
		}
		return table;
	}

	/** Server wall-clock time, as 1C writes dates. */
	now(): string {
		return DateTime.now().setZone(this.timeZone).toFormat("yyyy-MM-dd'T'HH:mm:ss");
	}

	nextDataVersion(): string {
		this.version++;
		const bytes = Buffer.alloc(8);
		bytes.writeUInt32BE(this.version, 0);
		return bytes.toString('base64');
	}

	private next(counter: string): number {
		const value = (this.counters.get(counter) ?? 0) + 1;
		this.counters.set(counter, value);
		return value;
	}

	get(set: string, key: string): Entity {
		const entity = this.objects.get(set)?.get(key.toLowerCase());
		if (!entity) throw notFound(`${set}(guid'${key}')`);
		return entity;
	}

	find(set: string, key: string): Entity | undefined {
		return this.objects.get(set)?.get(String(key).toLowerCase());
	}

	list(set: string): Entity[] {
		return [...(this.objects.get(set)?.values() ?? [])];
	}

	/** A new object: every property present, the body's known ones applied, platform fields filled. */
	create(set: string, body: Entity, options: { refKey?: string } = {}): Entity {
		const object = this.definition(set);
		const entity: Entity = {};
		for (const field of object.fields) entity[field.name] = emptyValue(field);
		for (const name of Object.keys(object.tabularSections)) entity[name] = [];
		const refKey =
			options.refKey ?? (typeof body.Ref_Key === 'string' && GUID.test(body.Ref_Key) ? body.Ref_Key : randomUUID());
		if (this.find(set, refKey)) throw badRequest(`Объект с ключом ${refKey} уже существует`, '15');
		entity.Ref_Key = refKey.toLowerCase();
		this.apply(object, entity, body);
		if (object.kind === 'Document') {
			if (!entity.Number) entity.Number = this.documentNumber(object);
			if (entity.Date === EMPTY_DATE) entity.Date = this.now();
			entity.Posted = false;
		} else if (object.codeLength && !entity.Code) {
			entity.Code = String(this.next(`code:${set}`)).padStart(object.codeLength, '0');
		}
		entity.DataVersion = this.nextDataVersion();
		this.table(set).set(entity.Ref_Key as string, entity);
		this.refIndex.set(entity.Ref_Key as string, entity);
		return entity;
	}

	/** PATCH: only the sent properties change; a sent tabular section replaces the old one. */
	update(set: string, key: string, body: Entity): Entity {
		const object = this.definition(set);
		const entity = this.get(set, key);
		this.apply(object, entity, body);
		entity.DataVersion = this.nextDataVersion();
		return entity;
	}

	remove(set: string, key: string): void {
		this.get(set, key);
		this.objects.get(set)?.delete(key.toLowerCase());
		this.refIndex.delete(key.toLowerCase());
	}

	/** The object a reference points to, whatever its type (GUIDs are unique across the base). */
	byRef(key: string): Entity | undefined {
		return this.refIndex.get(key.toLowerCase());
	}

	private documentNumber(object: ObjectDef): string {
		const prefix = NUMBER_PREFIX[this.schema.profile] ?? '';
		const length = Math.max((object.numberLength ?? 11) - prefix.length, 1);
		return prefix + String(this.next(`number:${object.set}`)).padStart(length, '0');
	}

	private apply(object: ObjectDef, entity: Entity, body: Entity): void {
		const byName = new Map(object.fields.map((field) => [field.name, field]));
		for (const [name, value] of Object.entries(body)) {
			const field = byName.get(name);
			if (field && !field.system) {
				entity[name] = coerce(field, value, name);
				continue;
			}
			const columns = object.tabularSections[name];
			if (columns && Array.isArray(value)) {
				entity[name] = value.map((row, index) => this.row(columns, row as Entity, index, entity.Ref_Key));
			}
			// anything else is ignored, as 1C ignores unknown properties
		}
	}

	/** A row carries its owner's Ref_Key; line numbers are the row's position, whatever was sent. */
	private row(columns: FieldDef[], body: Entity, index: number, owner: unknown): Entity {
		const row: Entity = {};
		for (const column of columns) row[column.name] = emptyValue(column);
		for (const column of columns) {
			if (column.name in body && !column.system) row[column.name] = coerce(column, body[column.name], column.name);
		}
		row.Ref_Key = owner;
		row.LineNumber = index + 1;
		return row;
	}

	/** Information register records are written independently (POST to the set). */
	addInfoRecord(set: string, body: Entity): Entity {
		const object = this.definition(set);
		const record: Entity = {};
		for (const field of object.fields) record[field.name] = emptyValue(field);
		this.apply(object, record, body);
		if (object.register?.periodic && (body.Period === undefined || body.Period === '')) record.Period = this.now();
		const records = this.infoRecords.get(set) ?? [];
		records.push(record);
		this.infoRecords.set(set, records);
		return record;
	}

	/** Bumps a counter past the demo data's own numbers, so new objects never collide. */
	reserveCounter(kind: 'code' | 'number', set: string, value: number): void {
		const key = `${kind}:${set}`;
		this.counters.set(key, Math.max(this.counters.get(key) ?? 0, value));
	}
}

/** A written value in the field's type; refuses what 1C would refuse (not a GUID, not a number). */
export function coerce(field: FieldDef, value: unknown, name: string): unknown {
	if (value === null || value === undefined) return emptyValue(field);
	if (field.typeCompanion) return String(value);
	switch (field.type.kind) {
		case 'number': {
			// Edm.Int64 travels as a JSON string ("1"), so a number and a numeric string are both taken
			const text = typeof value === 'string' ? value.trim().replace(',', '.') : '';
			const number = typeof value === 'number' ? value : text === '' ? NaN : Number(text);
			const valid = Number.isFinite(number) && (!field.type.integer || Number.isInteger(number));
			if (!valid) throw badRequest(`Неправильное значение свойства ${name}: ${String(value)}`, '4');
			return number;
		}
		case 'boolean':
			return value === true || value === 'true';
		case 'guid':
		case 'ref':
			if (typeof value !== 'string' || !GUID.test(value)) {
				throw badRequest(`Неправильное значение свойства ${name}: ${String(value)}`, '4');
			}
			return value.toLowerCase();
		case 'date': {
			const text = String(value);
			if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?)?$/.test(text)) {
				throw badRequest(`Неправильное значение свойства ${name}: ${text}`, '4');
			}
			return text.length === 10 ? `${text}T00:00:00` : text.length === 16 ? `${text}:00` : text;
		}
		default:
			return String(value);
	}
}
