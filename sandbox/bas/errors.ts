/** An error the sandbox answers the way 1C does: HTTP status + `odata.error` with 1C's internal code. */
export class ODataError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string,
	) {
		super(message);
	}
}

export const notFound = (what: string) => new ODataError(404, '9', `Объект не найден: ${what}`);
export const badRequest = (message: string, code = '2') => new ODataError(400, code, message);
/** a business exception (posting checks and the like): HTTP 500 with code -1 */
export const businessError = (message: string) => new ODataError(500, '-1', message);
