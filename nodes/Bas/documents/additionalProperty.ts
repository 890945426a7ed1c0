import type { IExecuteFunctions } from 'n8n-workflow';

import type { MetadataModel } from '../odata/model';
import { isGuid } from '../odata/literals';
import { findOne, LookupCache } from '../references';
import type { BasConnection } from '../transport';
import { ADDITIONAL_ATTRIBUTES_CHART } from './externalId';

/** One look-up cache per node run: every item names the same property, so it is read once. */
const cacheByRun = new WeakMap<IExecuteFunctions, LookupCache>();

/**
 * The Ref_Key of the additional attribute (an item of `ДополнительныеРеквизитыИСведения`) given
 * by its Ref_Key or by its name: exactly one property must have that name.
 */
export async function additionalPropertyKey(
	ctx: IExecuteFunctions,
	connection: BasConnection,
	model: MetadataModel,
	given: string,
	itemIndex: number,
): Promise<string> {
	if (isGuid(given)) return given.toLowerCase();
	let cache = cacheByRun.get(ctx);
	if (!cache) cacheByRun.set(ctx, (cache = new LookupCache()));
	const match = await findOne(
		ctx,
		connection,
		model,
		{ entitySet: ADDITIONAL_ATTRIBUTES_CHART, conditions: [{ field: 'Description', value: given }] },
		{ cache, itemIndex },
	);
	return match.ref.toLowerCase();
}
