/** One webhook call a sandbox made, and how it went. */
export interface WebhookDelivery {
	at: number;
	url: string;
	method: 'POST' | 'GET';
	body: unknown;
	status?: number;
	error?: string;
}

/**
 * Where a webhook goes. A plain URL gets a JSON POST. A CRM whose webhook settings allow it
 * (KeyCRM's "Send webhook" action can use GET) may be set to GET: the body's top-level values
 * then go in the query, objects as JSON text (what KeyCRM really sends on GET is UNCERTAIN).
 * `headers` are added to each call, as a CRM that lets users set headers would.
 */
export interface WebhookTarget {
	url: string;
	method?: 'POST' | 'GET';
	headers?: Record<string, string>;
}

const targetOf = (target: string | WebhookTarget): WebhookTarget =>
	typeof target === 'string' ? { url: target } : { ...target };

function withQuery(url: string, body: unknown): string {
	const target = new URL(url);
	if (body !== null && typeof body === 'object') {
		for (const [key, value] of Object.entries(body)) {
			target.searchParams.set(key, value !== null && typeof value === 'object' ? JSON.stringify(value) : String(value));
		}
	}
	return target.toString();
}

/**
 * Sends a CRM's outgoing webhooks (POST, JSON) to the configured URLs, the way the CRM does after
 * an order changes, and keeps a log of every delivery.
 */
export class WebhookSender {
	readonly deliveries: WebhookDelivery[] = [];
	private targets: WebhookTarget[];

	constructor(targets: Array<string | WebhookTarget> = []) {
		this.targets = targets.map(targetOf);
	}

	get urls(): string[] {
		return this.targets.map((target) => target.url);
	}

	setTargets(targets: Array<string | WebhookTarget>): void {
		this.targets = targets.map(targetOf);
	}

	/** Sends `body` to every target; resolves when all answered or failed (never rejects). */
	async send(body: unknown): Promise<WebhookDelivery[]> {
		return await Promise.all(
			this.targets.map(async (target) => {
				const method = target.method ?? 'POST';
				const url = method === 'GET' ? withQuery(target.url, body) : target.url;
				const delivery: WebhookDelivery = { at: Date.now(), url, method, body };
				try {
					const response = await fetch(url, {
						method,
						headers:
							method === 'GET' ? { ...target.headers } : { 'content-type': 'application/json', ...target.headers },
						body: method === 'GET' ? undefined : JSON.stringify(body),
						signal: AbortSignal.timeout(10_000),
					});
					delivery.status = response.status;
					await response.arrayBuffer();
				} catch (error) {
					delivery.error = (error as Error).message;
				}
				this.deliveries.push(delivery);
				return delivery;
			}),
		);
	}

	reset(): void {
		this.deliveries.length = 0;
	}
}
