/**
 * Template 10 in real n8n: BAS counterparties ↔ KeyCRM buyers, matched by phone, with the
 * direction switch in Settings. CRM → BAS runs from its schedule trigger (a manual run: it keeps
 * no state), BAS → CRM from the BAS Trigger polled in production mode. Both sides are read back
 * from the sandboxes: one person on each side, however often it runs.
 */
import type { N8nClient } from '../../scripts/n8n/instance';
import { connectE2e, type E2eState, eventually, loadTemplate, nodeOf, sandboxCall } from '../helpers/e2e';
import { pollNow, unpublish } from '../helpers/e2e-bas-to-crm';
import {
	basCounterpartiesWithPhone,
	basCounterparty,
	keyCrmBuyer,
	keyCrmBuyersWithPhone,
	type Person,
	renameBasCounterparty,
} from '../helpers/e2e-people';
import { publishPollingAll } from '../helpers/e2e-sales';

jest.setTimeout(300_000);

const FILE = 'bas-counterparties-keycrm-buyers.json';
const SCHEDULE = 'Every 5 minutes';
const BAS_TRIGGER = 'BAS counterparty changed';

let n8n: N8nClient;
let state: E2eState;
let workflowId: string;

function withDirection(direction: string) {
	const template = loadTemplate(FILE, state);
	const settings = nodeOf(template, 'Settings').parameters.assignments as {
		assignments: Array<{ name: string; value: unknown }>;
	};
	settings.assignments.find((a) => a.name === 'counterpartiesDirection')!.value = direction;
	return template;
}

beforeAll(async () => {
	({ n8n, state } = await connectE2e());
	await sandboxCall(`${state.sandboxes.keyCrm.url}/__sandbox/webhooks`, 'PUT', { urls: [] });
	workflowId = (await n8n.importWorkflow(withDirection('both'))).id;
	await publishPollingAll(n8n, workflowId, [BAS_TRIGGER]);
});

/** The workflow's production (polled) runs once there are `count` and all have finished; newest first. */
async function polledRuns(count: number) {
	const runs = await eventually(
		async () => (await n8n.listExecutions(workflowId)).filter((e) => e.mode === 'trigger'),
		(list) => list.length >= count && list.every((e) => !['new', 'running', 'waiting'].includes(e.status)),
		`${count} polled runs`,
	);
	return runs;
}

afterAll(async () => {
	if (workflowId) await unpublish(n8n, workflowId).catch(() => undefined);
});

describe('template 10: BAS counterparties ↔ KeyCRM buyers, matched by phone', () => {
	const newInCrm: Person = { name: 'Оксана Лисенко', phone: '+380671990101', email: 'oksana@example.com' };
	const onBothSides: Person = { name: 'Віктор Шевчук', phone: '+380671990102' };
	const newInBas: Person = { name: 'Дмитро Гнатюк', phone: '+380671990103', email: 'dmytro@example.com' };
	let bothSidesRef: string;

	it('CRM → BAS: a new KeyCRM buyer becomes one BAS counterparty with its phone and email; a known one is not created again', async () => {
		await keyCrmBuyer(state, newInCrm);
		await keyCrmBuyer(state, onBothSides);
		bothSidesRef = await basCounterparty(state, onBothSides);
		for (let run = 0; run < 2; run++) {
			const execution = await n8n.runManually(workflowId, SCHEDULE);
			expect(execution.status).toBe('success');
		}
		const [created] = await basCounterpartiesWithPhone(state, newInCrm.phone);
		expect(await basCounterpartiesWithPhone(state, newInCrm.phone)).toHaveLength(1);
		expect(created).toMatchObject({ Description: newInCrm.name, Покупатель: true });
		expect(created.КонтактнаяИнформация).toEqual([
			expect.objectContaining({ Тип: 'Телефон', НомерТелефона: newInCrm.phone }),
			expect.objectContaining({ Тип: 'АдресЭлектроннойПочты', АдресЭП: newInCrm.email }),
		]);
		expect((await basCounterpartiesWithPhone(state, onBothSides.phone)).map((c) => c.Ref_Key)).toEqual([bothSidesRef]);
	});

	it('BAS → CRM: a new BAS counterparty becomes one KeyCRM buyer; a renamed one renames its buyer; polled again, nothing doubled', async () => {
		await basCounterparty(state, newInBas);
		await renameBasCounterparty(state, bothSidesRef, 'Віктор Шевчук-Коваль');
		// runs before this poll (an earlier activation may have made one) must not stand in for it
		const before = (await n8n.listExecutions(workflowId)).filter((e) => e.mode === 'trigger').length;
		await pollNow(n8n, workflowId);
		const [run] = await polledRuns(before + 1);
		expect(run).toMatchObject({ status: 'success', mode: 'trigger' });

		const buyers = await keyCrmBuyersWithPhone(state, newInBas.phone);
		expect(buyers).toEqual([expect.objectContaining({ full_name: newInBas.name, email: [newInBas.email] })]);
		expect((await keyCrmBuyersWithPhone(state, onBothSides.phone)).map((b) => b.full_name)).toEqual([
			'Віктор Шевчук-Коваль',
		]);
		// the counterparty CRM → BAS made came round and was found, not made again
		expect(await keyCrmBuyersWithPhone(state, newInCrm.phone)).toHaveLength(1);

		await renameBasCounterparty(state, bothSidesRef, 'Віктор Шевчук-Коваль'); // a write with nothing new
		await pollNow(n8n, workflowId);
		const runs = await polledRuns(before + 2);
		expect(runs.slice(0, 2).map((r) => r.status)).toEqual(['success', 'success']);
		for (const person of [newInCrm, onBothSides, newInBas]) {
			expect(await keyCrmBuyersWithPhone(state, person.phone)).toHaveLength(1);
			expect(await basCounterpartiesWithPhone(state, person.phone)).toHaveLength(1);
		}
		// and the other way once more: the buyers made here are found in BAS
		expect((await n8n.runManually(workflowId, SCHEDULE)).status).toBe('success');
		expect(await basCounterpartiesWithPhone(state, newInBas.phone)).toHaveLength(1);
	});

	it('the switch: with "basToCrm" a new KeyCRM buyer is not brought into BAS', async () => {
		// the published two-way copy's 5-minute schedule could fire meanwhile and bring the buyer in itself
		await unpublish(n8n, workflowId);
		const oneWay = (await n8n.importWorkflow(withDirection('basToCrm'))).id;
		const crmOnly: Person = { name: 'Ліна Костенко', phone: '+380671990104' };
		await keyCrmBuyer(state, crmOnly);
		const execution = await n8n.runManually(oneWay, SCHEDULE);
		expect(execution.status).toBe('success');
		expect(execution.output('CRM → BAS on?', 1)).toHaveLength(1);
		expect(execution.runData['KeyCRM buyers changed']).toBeUndefined();
		expect(await basCounterpartiesWithPhone(state, crmOnly.phone)).toEqual([]);
	});
});
