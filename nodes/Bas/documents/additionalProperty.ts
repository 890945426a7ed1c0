import type { IExecuteFunctions } from 'n8n-workflow';

import type { MetadataModel } from '../odata/model';
import { isGuid } from '../odata/literals';
import { findOne, LookupCache } from '../references';
import type { BasConnection } from '../transport';
import { ADDITIONAL_ATTRIBUTES_CHART } from './externalId';

const TITLE = 'Заголовок';

/** One look-up cache per node run: every item names the same property, so it is read once. */
const cacheByRun = new WeakMap<IExecuteFunctions, LookupCache>();

/**
 * The Ref_Key of the additional attribute (an item of `ДополнительныеРеквизитыИСведения`) given
 * by its Ref_Key or by its name: exactly one property must have that name. The name is its title,
 * `Заголовок`: BSP names a property of one set "Title (Set)" in `Description`, so that is matched
 * only where the chart has no title.
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
	const chart = model.entitySets[ADDITIONAL_ATTRIBUTES_CHART];
	const field = chart?.properties.some((p) => p.name === TITLE) ? TITLE : 'Description';
	const match = await findOne(
		ctx,
		connection,
		model,
		{ entitySet: ADDITIONAL_ATTRIBUTES_CHART, conditions: [{ field, value: given }] },
		{ cache, itemIndex },
	);
	return match.ref.toLowerCase();
}
