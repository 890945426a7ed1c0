/**
 * Errors of the query engine, carrying 1C's internal OData error codes so the server can answer
 * the way a real publication does (HTTP 400 with `odata.error`).
 */

/** 1C internal codes used by the query engine (platform documentation, "Стандартный интерфейс OData"). */
export const QUERY_ERROR_CODES = {
	/** a property named in a query option does not exist */
	propertyNotFound: 10,
	/** a query option ($filter, $orderby, $top, …) cannot be parsed */
	queryOptionParse: 14,
	/** a function, operator or lambda 1C does not implement, or a wrong argument count/type */
	notImplemented: 21,
} as const;

export type QueryErrorCode = (typeof QUERY_ERROR_CODES)[keyof typeof QUERY_ERROR_CODES];

export class ODataQueryError extends Error {
	constructor(
		readonly code: QueryErrorCode,
		message: string,
		/** the query option at fault, e.g. `$filter` */
		readonly option?: string,
		/** 0-based offset in the option's text, when known */
		readonly position?: number,
	) {
		super(message);
		this.name = 'ODataQueryError';
	}
}

/** The JSON body 1C sends with a 4xx answer. */
export function odataErrorBody(error: ODataQueryError): {
	'odata.error': { code: string; message: { lang: string; value: string } };
} {
	return { 'odata.error': { code: String(error.code), message: { lang: 'ru', value: error.message } } };
}

export function parseError(option: string, message: string, position?: number): ODataQueryError {
	const where = position === undefined ? '' : ` (позиция ${position + 1})`;
	return new ODataQueryError(
		QUERY_ERROR_CODES.queryOptionParse,
		`Ошибка разбора параметра запроса ${option}${where}: ${message}`,
		option,
		position,
	);
}

export function notImplementedError(option: string, message: string, position?: number): ODataQueryError {
	return new ODataQueryError(QUERY_ERROR_CODES.notImplemented, message, option, position);
}

export function propertyNotFoundError(option: string, path: string[]): ODataQueryError {
	return new ODataQueryError(QUERY_ERROR_CODES.propertyNotFound, `Не найдено свойство "${path.join('/')}"`, option);
}
