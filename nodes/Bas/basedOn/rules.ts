import type { IDataObject } from 'n8n-workflow';

/**
 * How a follow-up document is built from its base. 1C's standard OData has no "fill based on"
 * call, so the node copies what a user's "Create based on" would carry over: the header
 * attributes with the same meaning, the goods lines, and a reference back to the base.
 *
 * Names are attribute names as in the configuration (`Контрагент`, `Номенклатура`), never OData
 * names: whether an attribute travels as `X_Key` or as a composite `X` + `X_Type` is read from each
 * base's `$metadata`, so one rule fits releases that differ in that.
 */
export interface CopyRule {
	/** the base document's entity set, e.g. `Document_ЗаказПокупателя` */
	base: string;
	/** the new document's entity set */
	target: string;
	/** the target's header attribute that refers to the base (also how an existing one is found) */
	link: string;
	/** target attribute ← base attribute; attributes either side lacks are left out */
	header: Record<string, string>;
	/** values the target always gets (its operation kind), by attribute */
	fixed?: IDataObject;
	lines?: LinesRule;
}

export interface LinesRule {
	/** the base's tabular section and the target's */
	from: string;
	to: string;
	/** target column ← base column */
	columns: Record<string, string>;
	/** a column of the target's rows that refers to the base as well */
	link?: string;
	/** a boolean column of the base's rows that leaves a row out when true (cancelled lines) */
	skipWhen?: string;
}

/** A payment receipt for an order: the header from the order, one breakdown row for the amount. */
export interface PaymentRule {
	base: string;
	target: string;
	/** the header attribute referring to the order */
	link: string;
	header: Record<string, string>;
	fixed?: IDataObject;
	/** the payment breakdown section, its column referring to the order and the columns taking the amount */
	breakdown: { section: string; link: string; amount: string[]; columns: Record<string, string> };
	/** the header text attribute keeping the CRM payment id (the default of "Payment ID Field") */
	paymentIdField: string;
}

/**
 * What closing a cancelled order means in the configuration:
 * - `state`: the order moves to a predefined state of a catalog (UNF: `СостояниеЗаказа` =
 *   `Завершен`), with extra header values; re-posted, it keeps no open balance or reserve
 * - `status`: an enum status on the order (UT: `Статус` = `Закрыт`) and a flag on every line
 *   (`Отменено` = true)
 * - `none`: the configuration has nothing to close, with the reason
 */
export type ClosureRule =
	| { kind: 'state'; order: string; attribute: string; catalog: string; predefined: string; set?: IDataObject }
	| { kind: 'status'; order: string; set: IDataObject; lines?: { section: string; set: IDataObject } }
	| { kind: 'none'; reason: string };

/** The seed scenarios of one configuration. */
export interface BasedOnPreset {
	shipment: CopyRule;
	closure: ClosureRule;
	return: CopyRule;
	payment: { cash: PaymentRule; bank: PaymentRule };
}
