/**
 * Template 13 in real n8n: "Ask the shop", an AI Agent with the pack's action nodes as tools.
 * No chat model is connected (the user picks one), so each tool is run the way the editor's
 * *Execute step* on a tool node runs it: `POST /rest/workflows/:id/run` with the tool as
 * `destinationNode` and an `agentRequest` holding the `$fromAI` values. n8n 2.40 then replaces
 * the agent with its hidden Tool Executor node (n8n-core's rewireGraph), which invokes the tool
 * node's `…Tool` type with those values; the chat trigger's message is supplied with
 * `triggerToStartFrom.data`, so no test webhook is waited for.
 */
import { nodeNameToToolName } from 'n8n-workflow';

import type { ExecutionResult, N8nClient } from '../../scripts/n8n/instance';
import { connectE2e, type E2eState, eventually, keyCrmApi, loadTemplate } from '../helpers/e2e';
import { basOrderOf } from '../helpers/e2e-sales';

jest.setTimeout(300_000);

const PACK = 'n8n-nodes-bas-crm';
const CHAT_TRIGGER = 'When chat message received';
/** where n8n's Tool Executor puts what the tool answered (@n8n/constants TOOL_EXECUTOR_NODE_NAME) */
const TOOL_EXECUTOR = 'PartialExecutionToolExecutor';

let n8n: N8nClient;
let state: E2eState;
let workflowId: string;

beforeAll(async () => {
	({ n8n, state } = await connectE2e());
	workflowId = (await n8n.importWorkflow(loadTemplate('ask-the-shop-agent.json', state))).id;
});

/** Runs one tool node of the template as *Execute step* does, with `values` for its `$fromAI` inputs. */
async function runTool(nodeName: string, values: Record<string, unknown>): Promise<ExecutionResult> {
	const toolName = nodeNameToToolName(nodeName);
	const { executionId } = await n8n.rest<{ executionId: string }>('POST', `/workflows/${workflowId}/run`, {
		triggerToStartFrom: {
			name: CHAT_TRIGGER,
			data: {
				startTime: Date.now(),
				executionTime: 0,
				executionIndex: 0,
				source: [],
				data: { main: [[{ json: { sessionId: 'e2e', action: 'sendMessage', chatInput: 'test' } }]] },
			},
		},
		destinationNode: { nodeName, mode: 'inclusive' },
		agentRequest: { query: { [toolName]: values }, tool: { name: toolName } },
	});
	return (await eventually(
		() => n8n.readExecution(executionId),
		(execution) => execution !== undefined,
		`execution ${executionId} of tool ${nodeName}`,
	)) as ExecutionResult;
}

/** What the tool answered the agent: the Tool Executor's output, parsed when n8n kept it as text. */
function answerOf(execution: ExecutionResult): unknown {
	expect(execution.error?.message).toBeUndefined();
	expect(execution.status).toBe('success');
	const [item] = execution.output(TOOL_EXECUTOR);
	const answer = item?.json as unknown;
	return typeof answer === 'string' ? JSON.parse(answer) : answer;
}

describe('template 13: Ask the shop (AI agent with the pack as tools)', () => {
	it('real n8n offers the tool variant of each action node of the pack, and the AI Agent', async () => {
		const types = (await (await n8n.fetch('/types/nodes.json')).json()) as Array<{ name: string }>;
		const names = new Set(types.map((t) => t.name));
		for (const tool of ['keyCrmTool', 'salesDriveTool', 'basDocumentTool', 'basCatalogTool'])
			expect(names).toContain(`${PACK}.${tool}`);
		expect(names).toContain('@n8n/n8n-nodes-langchain.agent');
	});

	it('Stock by SKU answers the KeyCRM stock of the SKU the model supplied', async () => {
		const stocks = await keyCrmApi<{ data: Array<{ sku: string; quantity: number }> }>(
			state,
			'GET',
			'/offers/stocks?limit=50',
		);
		const offer = stocks.data.find((o) => o.sku && o.quantity > 0)!;
		const execution = await runTool('Stock by SKU', { sku: offer.sku });
		const rows = answerOf(execution) as Array<{ sku: string; warehouse_id: number; available: number }>;
		expect(rows.length).toBeGreaterThan(0);
		expect(rows.every((row) => row.sku === offer.sku)).toBe(true);
		// the tool node itself ran with the value as its $fromAI input
		const [toolRun] = execution.runData['Stock by SKU'] as Array<{ inputOverride: unknown }>;
		expect(toolRun.inputOverride).toEqual({ ai_tool: [[{ json: { sku: offer.sku } }]] });
	});

	it('Order in KeyCRM and Order in BAS answer the same order from both systems', async () => {
		const crmOrder = await keyCrmApi<{ id: number }>(state, 'POST', '/order', {
			source_id: 1,
			buyer: { full_name: 'Тарас Мельник', phone: '+380671190013' },
			products: [{ name: 'Чашка', price: 321, quantity: 1 }],
		});
		const basOrder = await basOrderOf(state, 321, String(crmOrder.id));

		const inCrm = JSON.stringify(answerOf(await runTool('Order in KeyCRM', { orderId: String(crmOrder.id) })));
		expect(inCrm).toContain(`"id":${crmOrder.id}`);
		expect(inCrm).toContain('+380671190013');

		const inBas = JSON.stringify(answerOf(await runTool('Order in BAS', { keyCrmOrderId: String(crmOrder.id) })));
		expect(inBas).toContain(basOrder);
		expect(inBas).toContain(`"НомерВходящегоДокумента":"${crmOrder.id}"`);
	});

	it('Create a KeyCRM order creates the order the model asked for, once', async () => {
		const stocks = await keyCrmApi<{ data: Array<{ sku: string }> }>(state, 'GET', '/offers/stocks?limit=50');
		const sku = stocks.data.find((o) => o.sku)!.sku;
		const phone = '+380671190014';
		const answer = JSON.stringify(
			answerOf(await runTool('Create a KeyCRM order', { buyerName: 'Ніна Ткач', buyerPhone: phone, sku, quantity: 2 })),
		);
		const orders = await keyCrmApi<{ data: Array<{ id: number; buyer?: { phone?: string } }> }>(
			state,
			'GET',
			`/order?include=buyer,products.offer&filter[buyer_phone]=${encodeURIComponent(phone)}`,
		);
		expect(orders.data).toHaveLength(1);
		expect(answer).toContain(`"id":${orders.data[0].id}`);
		const order = await keyCrmApi<{ products: Array<{ quantity: number; offer?: { sku?: string }; sku?: string }> }>(
			state,
			'GET',
			`/order/${orders.data[0].id}?include=products.offer`,
		);
		expect(order.products).toHaveLength(1);
		expect(order.products[0]).toMatchObject({ quantity: 2 });
		expect(JSON.stringify(order.products[0])).toContain(sku);
	});
});
