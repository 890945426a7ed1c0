/**
 * Find-or-create: the object a rule matches, or a new one carrying the rule's values and the
 * given attributes.
 *
 * Two executions that look up the same absent value at the same moment both find nothing and
 * both create (1C has no unique constraint a client could lean on, and n8n's workers share no
 * lock). The guard is a re-read after the create: every creator reads the rule again and keeps
 * the OLDEST match (lowest Code, then Ref_Key), so all of them agree on one object; a creator
 * whose own object lost marks it for deletion (never deletes it: 1C's DELETE destroys data and
 * references to it), and look-ups ignore deletion-marked objects. A look-up before a write that
 * falls between the two creates and the loser's mark sees two matches: it waits for the mark and
 * reads once more (resolveSettled); two matches that stay are the "several match" error, never a
 * guess.
 */
import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import type { TransportContext } from '../../common/transport';
import { literal } from '../odata/filter';
import type { MetadataModel } from '../odata/model';
import { resourcePath } from '../odata/url';
import { type BasConnection, basRequest } from '../transport';
import { LookupCache, type LookupMatch, type LookupOutcome } from './cache';
import { entitySetOf, LookupRuleError } from './fields';
import {
	lookupFailureMessage,
	type LookupOptions,
	lookupNodeError,
	oldestFirst,
	resolveCompiled,
	resolveLookups,
} from './lookup';
import { compileRule, type CompiledRule, type LookupRule } from './rules';

/**
 * How long a find-or-create waits before reading an ambiguous match again: the time a concurrent
 * creator takes from its create to marking its losing copy (a read and a PATCH), with room to spare.
 */
const SETTLE_WAIT_MS = 1500;

export interface CreateSpec {
	/** header attributes of the new object by OData name (`Description`, `Parent_Key`, …); tabular sections as arrays of rows */
	attributes?: IDataObject;
	/**
	 * columns added to the row a section-column condition creates, by section: the phone row of
	 * `КонтактнаяИнформация` also needs `Тип: 'Телефон'`, for example
	 */
	sectionRows?: Record<string, IDataObject>;
}

export interface FindOrCreateResult {
	status: 'found' | 'created';
	match: LookupMatch;
	/** the object this call created and then marked for deletion because an older one matched (a concurrent create) */
	duplicateMarkedForDeletion?: string;
}

/** Refuses names the set does not have: 1C silently ignores unknown properties, which would lose data. */
function checkAttributes(model: MetadataModel, entitySet: string, attributes: IDataObject): void {
	const set = entitySetOf(model, entitySet);
	for (const [name, value] of Object.entries(attributes)) {
		const property = set.properties.find((p) => p.name === name);
		if (!property) throw new LookupRuleError(`${entitySet} has no field "${name}" to fill in a new object`);
		if (property.kind !== 'tabularSection') continue;
		if (!Array.isArray(value)) throw new LookupRuleError(`"${name}" is a tabular section: give it a list of rows`);
		for (const row of value as IDataObject[]) {
			for (const column of Object.keys(row ?? {})) {
				if (column === 'LineNumber') continue;
				if (!property.columns?.some((c) => c.name === column)) {
					throw new LookupRuleError(`The tabular section ${name} of ${entitySet} has no column "${column}"`);
				}
			}
		}
	}
}

/** The new object's body: the attributes plus what the rule matches on, so the next look-up finds it. */
export function creationBody(model: MetadataModel, rule: CompiledRule, spec: CreateSpec): IDataObject {
	const body: IDataObject = { ...(spec.attributes ?? {}) };
	const sectionRows = new Map<string, IDataObject>();
	for (const condition of rule.conditions) {
		const { field } = condition;
		const value = condition.values[0].body;
		if (field.kind === 'navigation') {
			throw new LookupRuleError(
				`Cannot create ${rule.rule.entitySet} from "${field.field}": it is an attribute of another object`,
			);
		}
		if (field.kind === 'sectionColumn') {
			const section = field.section!;
			const row = sectionRows.get(section) ?? { ...(spec.sectionRows?.[section] ?? {}) };
			row[field.path] = value as string;
			sectionRows.set(section, row);
			continue;
		}
		body[field.path] = value as string;
		if (field.kind === 'composite' && condition.valueType !== undefined) {
			body[`${field.path}_Type`] = `${model.namespace}.${condition.valueType}`;
		}
	}
	for (const [section, row] of sectionRows) {
		const given = Array.isArray(body[section]) ? (body[section] as IDataObject[]) : [];
		const matched = Object.entries(row).filter(([column]) => !(column in (spec.sectionRows?.[section] ?? {})));
		// a given row that already holds the matched values (the phone row of a mapped contact list) is the row
		const holdsMatch = given.some((line) => matched.every(([column, value]) => String(line?.[column]) === value));
		const rows = holdsMatch ? given : [row, ...given];
		body[section] = rows.map((line, index) => ({ ...line, LineNumber: index + 1 }));
	}
	checkAttributes(model, rule.rule.entitySet, body);
	return body;
}

/**
 * The look-up of an object about to be written: when several match, it waits for concurrent
 * creators to settle (see the module comment: the loser marks its copy right after its re-read)
 * and reads once more, so a look-up between two creates and the mark does not fail.
 */
export async function resolveSettled(
	ctx: TransportContext,
	connection: BasConnection,
	model: MetadataModel,
	rule: LookupRule | CompiledRule,
	options: LookupOptions = {},
): Promise<LookupOutcome> {
	const compiled = 'shapeKey' in rule ? rule : compileRule(model, rule, connection.timeZone);
	const [outcome] = await resolveCompiled(ctx, connection, model, [compiled], options);
	if (outcome.status !== 'ambiguous') return outcome;
	await sleep(SETTLE_WAIT_MS);
	const [again] = await resolveCompiled(ctx, connection, model, [compiled], { ...options, cache: new LookupCache() });
	return again;
}

/**
 * The object `rule` matches, or, when there is none, a new one made from `spec` and the rule's
 * values (see the module comment for how concurrent creators settle on one object). Several
 * matches are an error listing them, as with findOne.
 */
export async function findOrCreate(
	ctx: TransportContext,
	connection: BasConnection,
	model: MetadataModel,
	rule: LookupRule,
	spec: CreateSpec,
	options: LookupOptions = {},
): Promise<FindOrCreateResult> {
	const { itemIndex } = options;
	const cache = options.cache ?? new LookupCache();
	// set once the create is sent: from then on the cached "none found" may be stale
	let sentCreateFor: string | undefined;
	try {
		const compiled = compileRule(model, rule, connection.timeZone);
		const outcome = await resolveSettled(ctx, connection, model, compiled, { ...options, cache });
		if (outcome.status === 'found') return { status: 'found', match: outcome.match };
		if (outcome.status === 'ambiguous') {
			throw new NodeOperationError(ctx.getNode(), lookupFailureMessage(rule, outcome), { itemIndex });
		}

		const body = creationBody(model, compiled, spec);
		const path = resourcePath(rule.entitySet);
		sentCreateFor = compiled.key;
		const created = (await basRequest(ctx, connection, { method: 'POST', path, body, itemIndex })) as IDataObject;
		const createdRef = String(created.Ref_Key);
		const result = await settle(ctx, connection, model, rule, createdRef, created, options);
		cache.set(compiled.key, Promise.resolve({ status: 'found', match: result.match }));
		return result;
	} catch (error) {
		// a create whose reply was lost may have been written: the next item with these values must ask BAS again
		if (sentCreateFor !== undefined) cache.delete(sentCreateFor);
		throw lookupNodeError(ctx, error, itemIndex);
	}
}

/** Re-reads the rule after a create and keeps the oldest match; marks this call's object for deletion if it lost. */
async function settle(
	ctx: TransportContext,
	connection: BasConnection,
	model: MetadataModel,
	rule: LookupRule,
	createdRef: string,
	created: IDataObject,
	options: LookupOptions,
): Promise<FindOrCreateResult> {
	const [reread] = await resolveLookups(ctx, connection, model, [rule], { ...options, cache: new LookupCache() });
	const createdMatch: LookupMatch = {
		ref: createdRef,
		code: created.Code === undefined ? undefined : String(created.Code),
		description: created.Description === undefined ? undefined : String(created.Description),
		entity: created,
	};
	const matches = reread.status === 'found' ? [reread.match] : reread.status === 'ambiguous' ? reread.candidates : [];
	// the base may store the value differently from how it was sent (no match): keep what was created
	const oldest = [...matches].sort(oldestFirst)[0];
	if (!oldest || oldest.ref === createdRef) return { status: 'created', match: createdMatch };

	await basRequest(ctx, connection, {
		method: 'PATCH',
		path: resourcePath(rule.entitySet, literal.guid(createdRef)),
		body: { DeletionMark: true },
		itemIndex: options.itemIndex,
	});
	return { status: 'found', match: oldest, duplicateMarkedForDeletion: createdRef };
}
