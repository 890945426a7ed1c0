export {
	DEFAULT_KEYCRM_API_KEY,
	KEYCRM_RATE_LIMIT,
	type KeyCrmSandbox,
	type KeyCrmSandboxOptions,
	startKeyCrmSandbox,
} from './server';
export { addDemoOffers, addDemoOrders, DEMO, seedDemoData } from './demo';
export { DEFAULT_MAX_BATCH_ITEMS, KeyCrmStore, orderTotals } from './store';
export { orderWebhookBody, orderWebhookContext, type KeyCrmWebhookBody } from './webhooks';
export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './routes';
