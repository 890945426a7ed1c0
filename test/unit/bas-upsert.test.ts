/**
 * The pieces BAS Document's upsert stands on: the in-process lock per external id, the
 * oldest-first order of the duplicate guard, where the external id is looked for, and the
 * amount check.
 */
import {
	carriesExternalId,
	checkAmount,
	currencyLabel,
	externalIdFilter,
	lockedKeys,
	oldestDocumentFirst,
	withKeyLock,
} from '../../nodes/Bas/documents';

describe('withKeyLock', () => {
	it('runs tasks of one key one after another, in arrival order, and leaves nothing locked', async () => {
		const events: string[] = [];
		const task = (name: string) => async () => {
			events.push(`${name} start`);
			await new Promise((resolve) => setImmediate(resolve));
			events.push(`${name} end`);
			return name;
		};
		const results = await Promise.all(['a', 'b', 'c'].map((name) => withKeyLock('order-1', task(name))));
		expect(results).toEqual(['a', 'b', 'c']);
		expect(events).toEqual(['a start', 'a end', 'b start', 'b end', 'c start', 'c end']);
		expect(lockedKeys()).toEqual([]);
	});

	it('lets other keys run at the same time', async () => {
		const events: string[] = [];
		let releaseFirst!: () => void;
		const first = withKeyLock('order-1', async () => {
			events.push('order-1 start');
			await new Promise<void>((resolve) => (releaseFirst = resolve));
			events.push('order-1 end');
		});
		await withKeyLock('order-2', async () => {
			events.push('order-2');
		});
		releaseFirst();
		await first;
		expect(events).toEqual(['order-1 start', 'order-2', 'order-1 end']);
	});

	it('releases the key when a task fails', async () => {
		await expect(
			withKeyLock('order-3', async () => {
				throw new Error('BAS said no');
			}),
		).rejects.toThrow('BAS said no');
		await expect(withKeyLock('order-3', async () => 'next')).resolves.toBe('next');
		expect(lockedKeys()).toEqual([]);
	});
});

describe('oldestDocumentFirst', () => {
	it('orders by Date, then Number, then Ref_Key', () => {
		const documents = [
			{ Ref_Key: 'c', Date: '2026-03-10T11:30:00', Number: 'НФ00-00000012' },
			{ Ref_Key: 'b', Date: '2026-03-10T11:30:00', Number: 'НФ00-00000011' },
			{ Ref_Key: 'a', Date: '2026-03-10T11:30:00', Number: 'НФ00-00000011' },
			{ Ref_Key: 'd', Date: '2026-03-09T18:00:00', Number: 'НФ00-00000099' },
		];
		expect([...documents].sort(oldestDocumentFirst).map((d) => d.Ref_Key)).toEqual(['d', 'a', 'b', 'c']);
	});
});

describe('external id location', () => {
	const header = { kind: 'attribute' as const, field: 'НомерПоДаннымКлиента' };
	const additional = {
		kind: 'additionalAttribute' as const,
		section: 'ДополнительныеРеквизиты',
		property: '7d2f6a10-0c1e-4a5b-9f3e-2b1c0d9e8f70',
	};

	it('filters by the header attribute, or by a row of the additional attributes', () => {
		expect(externalIdFilter(header, "O'Neil 7").text).toBe("НомерПоДаннымКлиента eq 'O''Neil 7'");
		expect(externalIdFilter(additional, '1001').text).toBe(
			"ДополнительныеРеквизиты/any(r: (r/Свойство_Key eq guid'7d2f6a10-0c1e-4a5b-9f3e-2b1c0d9e8f70') and (r/Значение eq '1001'))",
		);
	});

	it('checks a returned document carries the id in the same row as the property', () => {
		expect(carriesExternalId({ НомерПоДаннымКлиента: 'ab-1 ' }, header, 'AB-1')).toBe(true);
		expect(carriesExternalId({ НомерПоДаннымКлиента: 'ab-2' }, header, 'AB-1')).toBe(false);
		const rows = (property: string, value: string) => ({
			ДополнительныеРеквизиты: [{ Свойство_Key: property, Значение: value }],
		});
		expect(carriesExternalId(rows(additional.property, '1001'), additional, '1001')).toBe(true);
		expect(carriesExternalId(rows('11111111-2222-3333-4444-555555555555', '1001'), additional, '1001')).toBe(false);
	});
});

describe('amount check', () => {
	it('carries the difference and a text for the CRM when the amounts differ', () => {
		expect(checkAmount(1000, 1234, 'UAH')).toEqual({
			matches: false,
			expected: 1000,
			inBas: 1234,
			difference: 234,
			currency: 'UAH',
			comment: 'Attention: order amount changed – 1234.00 UAH',
		});
		expect(checkAmount(0.1 + 0.2, 0.3, 'UAH')).toEqual({
			matches: true,
			expected: 0.30000000000000004,
			inBas: 0.3,
			difference: 0,
			currency: 'UAH',
		});
	});

	it("names the currency by its letter code, from 1C's numeric code when the name is local", () => {
		expect(currencyLabel({ Code: '980', Description: 'грн' })).toBe('UAH');
		expect(currencyLabel({ Code: '978', Description: 'EUR' })).toBe('EUR');
		expect(currencyLabel({ Code: '999', Description: 'бон' })).toBe('бон');
		expect(currencyLabel({})).toBeUndefined();
	});
});
