import type { IDataObject } from 'n8n-workflow';

import { and, eq, ge, literal } from '../Bas/odata/filter';
import type { EntitySetModel } from '../Bas/odata/model';
import { conditionLiteral, functionCall, resourcePath } from '../Bas/odata/url';
import type { BasReader } from './basRequests';
import { CHARACTERISTIC_DIMENSION, ITEM_DIMENSION } from './configuration';

const EMPTY_REF = '00000000-0000-0000-0000-000000000000';

/** The latest price of an item (and characteristic) of one price type. */
export interface PriceCell {
	item: string;
	characteristic: string;
	value: number;
}

/**
 * The price register's SliceLast for one price type (the type goes into the Condition, as 1C
 * filters a slice before taking it). With `since`, only prices set at or after it: the slice's
 * rows carry the Period of the record they come from, so a changed price shows up there without
 * reading the whole catalog.
 */
export async function readPrices(
	reader: BasReader,
	register: EntitySetModel,
	priceTypeDimension: string,
	priceType: string,
	since?: Date,
): Promise<PriceCell[]> {
	const names = new Set(register.properties.map((p) => p.name));
	const characteristic = names.has(CHARACTERISTIC_DIMENSION) ? CHARACTERISTIC_DIMENSION : undefined;
	const keyFields = [ITEM_DIMENSION, ...(characteristic ? [characteristic] : [])];
	const condition = conditionLiteral(
		eq(priceTypeDimension, literal.guid(priceType)),
		reader.connection.conditionQuoting,
	);
	const path = resourcePath(register.name, undefined, functionCall('SliceLast', { Condition: condition }));
	const rows: IDataObject[] = await reader.all(
		path,
		{
			select: [...keyFields, 'Цена', 'Period'],
			filter: since ? and(ge('Period', literal.dateTime(since, reader.connection.timeZone))) : undefined,
		},
		keyFields,
	);
	return rows
		.filter((row) => typeof row[ITEM_DIMENSION] === 'string' && row[ITEM_DIMENSION] !== EMPTY_REF)
		.map((row) => ({
			item: String(row[ITEM_DIMENSION]),
			characteristic: characteristic && row[characteristic] !== EMPTY_REF ? String(row[characteristic] ?? '') : '',
			value: Number(row.Цена) || 0,
		}));
}
