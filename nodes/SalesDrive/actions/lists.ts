import type { IDataObject, IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { limitOf, limitProperties } from '../../common/limit';
import { SALESDRIVE_MAX_PAGE_SIZE, type SalesDriveConnection, salesDriveListAll } from '../transport';
import { accountDateTime, isBlank } from './values';

/** Return All / Limit and Simplify, for the operations that read a SalesDrive list. */
export function listProperties(show: NonNullable<IDisplayOptions['show']>): INodeProperties[] {
	return [
		...limitProperties(show),
		{
			displayName: 'Simplify',
			name: 'simplify',
			type: 'boolean',
			default: true,
			description: 'Whether to return a simplified version of the response instead of the raw data',
			displayOptions: { show },
		},
	];
}

/**
 * The rows of a list: all of them (paced to SalesDrive's list limits, however many pages that
 * takes) or up to the Limit, asking for no larger page than needed.
 */
export async function readList(
	ctx: IExecuteFunctions,
	connection: SalesDriveConnection,
	itemIndex: number,
	path: string,
	qs: IDataObject,
): Promise<IDataObject[]> {
	const limit = limitOf(ctx, itemIndex);
	const pageSize = limit === undefined ? SALESDRIVE_MAX_PAGE_SIZE : Math.min(limit, SALESDRIVE_MAX_PAGE_SIZE);
	return await salesDriveListAll(ctx, connection, path, qs, { limit, pageSize, itemIndex });
}

/** `{from, to}` of a list's datetime filter from two optional values, in the account's time. */
export function timeRange(
	ctx: IExecuteFunctions,
	itemIndex: number,
	label: string,
	from: unknown,
	to: unknown,
	timeZone: string,
): IDataObject | undefined {
	const range: IDataObject = {};
	if (!isBlank(from)) range.from = accountDateTime(ctx, itemIndex, `${label} (from)`, from, timeZone);
	if (!isBlank(to)) range.to = accountDateTime(ctx, itemIndex, `${label} (to)`, to, timeZone);
	return Object.keys(range).length > 0 ? range : undefined;
}

export const simplifyOf = (ctx: IExecuteFunctions, itemIndex: number) =>
	ctx.getNodeParameter('simplify', itemIndex, true) as boolean;
