import type { IDataObject, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { asNodeError } from '../../common/nodeErrors';
import { parseJsonText } from '../../common/transport';

/** KeyCRM's 422 field errors (`{"offers.3.price": ["…"]}`), when the error is one. */
export function fieldErrorsOf(error: unknown): Record<string, string[]> | undefined {
	if (!(error instanceof NodeApiError) || error.httpCode !== '422') return undefined;
	const body = parseJsonText(String((error.errorResponse as IDataObject | undefined)?.responseBody ?? '')) as
		| { errors?: Record<string, string[] | string> }
		| undefined;
	if (!body?.errors || typeof body.errors !== 'object') return undefined;
	return Object.fromEntries(
		Object.entries(body.errors).map(([field, problems]) => [field, Array.isArray(problems) ? problems : [problems]]),
	);
}

/** The value at a Laravel field path (`buyer.phone`, `products.0.sku`) in what was sent. */
export function valueAt(body: unknown, path: string): unknown {
	return path.split('.').reduce<unknown>((value, key) => (value as IDataObject | undefined)?.[key], body);
}

function shown(value: unknown): string {
	return typeof value === 'string' ? `"${value}"` : JSON.stringify(value);
}

/** "status_id = 999: The selected status id is invalid." for each refused field. */
export function describeFieldErrors(errors: Record<string, string[]>, sent: unknown, stripPrefix = ''): string {
	return Object.entries(errors)
		.map(([field, problems]) => {
			const value = valueAt(sent, field);
			const name = stripPrefix && field.startsWith(stripPrefix) ? field.slice(stripPrefix.length) : field;
			return `${name}${value === undefined ? '' : ` = ${shown(value)}`}: ${problems.join(' ')}`;
		})
		.join('; ');
}

/**
 * A KeyCRM refusal restated for the item that caused it: a 422 names each refused field and the
 * value the node sent for it, in KeyCRM's own words; other errors pass as they are.
 */
export function explainRefusal(
	node: INode,
	error: unknown,
	itemIndex: number,
	sent: unknown,
): NodeApiError | NodeOperationError {
	const errors = fieldErrorsOf(error);
	if (!errors) return asNodeError(node, error, itemIndex);
	const apiError = error as NodeApiError;
	return new NodeApiError(node, apiError.errorResponse as JsonObject, {
		message: `Item ${itemIndex}: KeyCRM refused ${describeFieldErrors(errors, sent)}`,
		description: [apiError.message, apiError.description].filter(Boolean).join('\n'),
		httpCode: '422',
		itemIndex,
	});
}
