/** One webhook POST a sandbox made, and how it went. */
export interface WebhookDelivery {
	at: number;
	url: string;
	body: unknown;
	status?: number;
	error?: string;
}

/**
 * Sends a CRM's outgoing webhooks (POST, JSON) to the configured URLs, the way the CRM does after
 * an order changes, and keeps a log of every delivery.
 */
export class WebhookSender {
	readonly deliveries: WebhookDelivery[] = [];
	private targets: string[];

	constructor(targets: string[] = []) {
		this.targets = [...targets];
	}

	get urls(): string[] {
		return [...this.targets];
	}

	setTargets(urls: string[]): void {
		this.targets = [...urls];
	}

	/** Posts `body` to every target; resolves when all answered or failed (never rejects). */
	async send(body: unknown): Promise<WebhookDelivery[]> {
		return await Promise.all(
			this.targets.map(async (url) => {
				const delivery: WebhookDelivery = { at: Date.now(), url, body };
				try {
					const response = await fetch(url, {
						method: 'POST',
						headers: { 'content-type': 'application/json' },
						body: JSON.stringify(body),
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
