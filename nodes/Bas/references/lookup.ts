/**
 * Resolving look-up rules against BAS: many values of one catalog in as few requests as the
 * URL length allows, each value at most once per execution, and exactly one match or a clear
 * error — never a guess.
 */
import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { TransportContext } from '../../common/transport';
import { allOf, anyOf } from '../odata/filter';
import type { MetadataModel } from '../odata/model';
import { buildUrl, type ODataQuery, resourcePath } from '../odata/url';
import { chunkByUrlLength } from '../odata/urlChunks';
import { type BasConnection, basRequest, DEFAULT_MAX_URL_LENGTH } from '../transport';
import { LookupCache, type LookupMatch, type LookupOutcome } from './cache';
import { canonicalOfRow, LookupRuleError } from './fields';
import {
	compileRule,
	type CompiledCondition,
	type CompiledRule,
	deletionFilter,
	describeConditions,
	type LookupRule,
	matchFilter,
} from './rules';

/** Longest request URL a look-up sends unless the credential says otherwise ("Max URL Length"). */
export const MAX_LOOKUP_URL_LENGTH = DEFAULT_MAX_URL_LENGTH;

/** Candidates listed in an "ambiguous" error. */
const LISTED_CANDIDATES = 10;

export interface LookupOptions {
	/** the execution's cache; without one every call reads BAS again */
	cache?: LookupCache;
	/** the item an error belongs to */
	itemIndex?: number;
	/** longest request URL, measured encoded as the transport sends it (default: the connection's, from the credential) */
	maxUrlLength?: number;
}

function toMatch(row: IDataObject): LookupMatch {
	const match: LookupMatch = { ref: String(row.Ref_Key), entity: row };
	if (row.Code !== undefined) match.code = String(row.Code);
	if (row.Description !== undefined) match.description = String(row.Description);
	return match;
}

/** Oldest first: 1C numbers catalog codes in creation order; Ref_Key breaks ties (and orders sets without codes). */
export function oldestFirst(a: LookupMatch, b: LookupMatch): number {
	if (a.code !== undefined && b.code !== undefined && a.code !== b.code) {
		const numeric = /^\d+$/.test(a.code) && /^\d+$/.test(b.code);
		if (numeric) return Number(a.code) - Number(b.code);
		return a.code < b.code ? -1 : 1;
	}
	return a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0;
}

function outcomeOf(rows: IDataObject[]): LookupOutcome {
	if (rows.length === 0) return { status: 'notFound' };
	const matches = rows.map(toMatch).sort(oldestFirst);
	if (matches.length === 1) return { status: 'found', match: matches[0] };
	return { status: 'ambiguous', candidates: matches };
}

function conditionHolds(condition: CompiledCondition, row: IDataObject): boolean {
	const { field } = condition;
	const wanted = (raw: unknown, rawType?: unknown) => {
		const canonical = canonicalOfRow(field, raw, rawType);
		return canonical !== undefined && condition.values.some((value) => value.canonical === canonical);
	};
	if (field.kind === 'sectionColumn') {
		const rows = row[field.section!];
		return Array.isArray(rows) && rows.some((line) => wanted((line as IDataObject)?.[field.path]));
	}
	return wanted(row[field.path], row[`${field.path}_Type`]);
}

/** Whether a returned row is one that `rule` matches (rows of a batch are sorted back to their values). */
function rowMatches(rule: CompiledRule, row: IDataObject): boolean {
	return rule.conditions.every((condition) => conditionHolds(condition, row));
}

interface Pending {
	rule: CompiledRule;
	resolve: (outcome: LookupOutcome) => void;
	reject: (error: unknown) => void;
}

class LookupRun {
	constructor(
		private readonly ctx: TransportContext,
		private readonly connection: BasConnection,
		private readonly model: MetadataModel,
		private readonly options: LookupOptions,
	) {}

	private query(rules: CompiledRule[], top: number): ODataQuery {
		const first = rules[0];
		return {
			filter: allOf(anyOf(...rules.map(matchFilter)), deletionFilter(this.model, first)),
			select: first.select,
			top,
		};
	}

	/** Room for every value to show a second match (an ambiguity) without reading everything. */
	private static topFor(count: number): number {
		return count * 2 + 8;
	}

	private urlLength(path: string, rules: CompiledRule[]): number {
		return buildUrl(this.connection.root, path, this.query(rules, LookupRun.topFor(rules.length))).length;
	}

	/** Splits rules of one shape into requests whose URL stays within the limit (a single too-long one goes alone). */
	private chunks(path: string, rules: CompiledRule[]): CompiledRule[][] {
		const limit = this.options.maxUrlLength ?? this.connection.maxUrlLength ?? MAX_LOOKUP_URL_LENGTH;
		return chunkByUrlLength(rules, (chunk) => this.urlLength(path, chunk), limit);
	}

	private async read(path: string, rules: CompiledRule[], top: number): Promise<IDataObject[]> {
		const reply = (await basRequest(this.ctx, this.connection, {
			method: 'GET',
			path,
			query: this.query(rules, top),
			itemIndex: this.options.itemIndex,
		})) as { value?: IDataObject[] } | undefined;
		return reply?.value ?? [];
	}

	/** One request for a chunk; rows are sorted back to the rules they match. */
	private async resolveChunk(path: string, rules: CompiledRule[]): Promise<LookupOutcome[]> {
		const top = LookupRun.topFor(rules.length);
		const rows = await this.read(path, rules, top);
		const batched = rules.length > 1 || rules[0].batchable;
		const rowsOf = rules.map((rule) => (batched ? rows.filter((row) => rowMatches(rule, row)) : rows));
		const outcomes: LookupOutcome[] = [];
		for (const [index, rule] of rules.entries()) {
			// a full page may have cut off a second match: ask again for the values not yet known to be ambiguous
			if (rows.length >= top && rowsOf[index].length < 2) rowsOf[index] = await this.read(path, [rule], 2);
			outcomes.push(outcomeOf(rowsOf[index]));
		}
		return outcomes;
	}

	async resolve(rules: CompiledRule[], cache: LookupCache): Promise<LookupOutcome[]> {
		const pending = new Map<string, Pending>();
		const results = rules.map((rule) => {
			const cached = cache.get(rule.key);
			if (cached) return cached;
			const promise = new Promise<LookupOutcome>((resolve, reject) => {
				pending.set(rule.key, { rule, resolve, reject });
			});
			cache.set(rule.key, promise);
			return promise;
		});

		// rules of one shape (set, fields, options) share requests; navigation paths cannot be sorted back, so go alone
		const groups = new Map<string, CompiledRule[]>();
		for (const { rule } of pending.values()) {
			const groupKey = rule.batchable ? rule.shapeKey : rule.key;
			groups.set(groupKey, [...(groups.get(groupKey) ?? []), rule]);
		}
		for (const group of groups.values()) {
			const path = resourcePath(group[0].rule.entitySet);
			for (const chunk of this.chunks(path, group)) {
				try {
					const outcomes = await this.resolveChunk(path, chunk);
					chunk.forEach((rule, index) => pending.get(rule.key)!.resolve(outcomes[index]));
				} catch (error) {
					// nothing is known for the rest: forget them so a later call asks again
					for (const { rule, reject } of pending.values()) {
						cache.delete(rule.key);
						reject(error);
					}
					break;
				}
			}
		}
		return await Promise.all(results);
	}
}

/**
 * Compiles rules against `$metadata` and resolves them: all rules of one entity set and the same
 * fields go out together (`Артикул eq 'A' or Артикул eq 'B' …`), split so no URL exceeds the
 * limit. Returns one outcome per rule, in order; errors of the transport are thrown, rule errors
 * (an unknown field, a value of the wrong type) too, as LookupRuleError.
 */
export async function resolveLookups(
	ctx: TransportContext,
	connection: BasConnection,
	model: MetadataModel,
	rules: LookupRule[],
	options: LookupOptions = {},
): Promise<LookupOutcome[]> {
	const compiled = rules.map((rule) => compileRule(model, rule, connection.timeZone));
	return await resolveCompiled(ctx, connection, model, compiled, options);
}

/** resolveLookups for rules already compiled (callers that report a bad rule per line compile them one by one). */
export async function resolveCompiled(
	ctx: TransportContext,
	connection: BasConnection,
	model: MetadataModel,
	rules: CompiledRule[],
	options: LookupOptions = {},
): Promise<LookupOutcome[]> {
	return await new LookupRun(ctx, connection, model, options).resolve(rules, options.cache ?? new LookupCache());
}

function describeCandidate(match: LookupMatch): string {
	const parts = [`Ref_Key ${match.ref}`];
	if (match.code !== undefined) parts.push(`Code ${match.code}`);
	if (match.description !== undefined) parts.push(`"${match.description}"`);
	return parts.join(', ');
}

/** The message for an outcome that is not exactly one object. */
export function lookupFailureMessage(rule: LookupRule, outcome: LookupOutcome): string {
	const where = describeConditions(rule);
	if (outcome.status === 'notFound') return `No ${rule.entitySet} found where ${where}`;
	if (outcome.status === 'ambiguous') {
		const listed = outcome.candidates.slice(0, LISTED_CANDIDATES).map(describeCandidate);
		const more = outcome.candidates.length - listed.length;
		return (
			`${outcome.candidates.length} ${rule.entitySet} objects match where ${where}; refusing to guess between: ` +
			listed.join('; ') +
			(more > 0 ? `; and ${more} more` : '')
		);
	}
	return '';
}

/** A rule error as the node error n8n shows for the item; other errors (the transport's) stay as they are. */
export function lookupNodeError(ctx: TransportContext, error: unknown, itemIndex: number | undefined): unknown {
	if (error instanceof LookupRuleError) return new NodeOperationError(ctx.getNode(), error.message, { itemIndex });
	return error;
}

/**
 * Exactly one object the rule matches, or a NodeOperationError: none (naming the set, fields and
 * values) or several (listing the candidates).
 */
export async function findOne(
	ctx: TransportContext,
	connection: BasConnection,
	model: MetadataModel,
	rule: LookupRule,
	options: LookupOptions = {},
): Promise<LookupMatch> {
	let outcome: LookupOutcome;
	try {
		[outcome] = await resolveLookups(ctx, connection, model, [rule], options);
	} catch (error) {
		throw lookupNodeError(ctx, error, options.itemIndex);
	}
	if (outcome.status === 'found') return outcome.match;
	throw new NodeOperationError(ctx.getNode(), lookupFailureMessage(rule, outcome), {
		itemIndex: options.itemIndex,
	});
}
