import type { IDataObject } from 'n8n-workflow';

/** An object a look-up found, described the way a person recognises it in BAS. */
export interface LookupMatch {
	/** Ref_Key */
	ref: string;
	code?: string;
	description?: string;
	/** the row as read (`$select`ed fields) */
	entity: IDataObject;
}

/** What one look-up found: exactly one object, none, or several (never a guess between them). */
export type LookupOutcome =
	| { status: 'found'; match: LookupMatch }
	| { status: 'notFound' }
	| { status: 'ambiguous'; candidates: LookupMatch[] };

/**
 * Look-up results of one execution: the caller creates one per node run and passes it to every
 * look-up, so a value is looked up at most once however many items or lines carry it. Entries are
 * promises, so look-ups running at the same time share one request. Not shared between
 * executions: BAS data changes between them.
 */
export class LookupCache {
	private readonly entries = new Map<string, Promise<LookupOutcome>>();

	get(key: string): Promise<LookupOutcome> | undefined {
		return this.entries.get(key);
	}

	set(key: string, outcome: Promise<LookupOutcome>): void {
		this.entries.set(key, outcome);
	}

	delete(key: string): void {
		this.entries.delete(key);
	}

	get size(): number {
		return this.entries.size;
	}
}
