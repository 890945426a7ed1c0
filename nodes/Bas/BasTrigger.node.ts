import type { INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { triggerLoadOptions } from './methods';
import { pollChanges } from './trigger/poll';
import type { TriggerSettings } from './trigger/query';

export class BasTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'BAS Trigger',
		name: 'basTrigger',
		icon: { light: 'file:../../icons/bas.svg', dark: 'file:../../icons/bas.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{"Watch " + $parameter["entitySet"]}}',
		description: 'Starts the workflow when documents or catalog items are created or changed in a BAS base',
		defaults: { name: 'BAS Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'basODataApi', required: true }],
		properties: [
			{
				displayName: 'Object Name or ID',
				name: 'entitySet',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getTriggerObjects' },
				default: '',
				required: true,
				description:
					'Document or catalog to watch, as its OData name (e.g. Document_ЗаказПокупателя). Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Look Back (Days)',
				name: 'lookBackDays',
				type: 'number',
				typeOptions: { minValue: 0, numberPrecision: 2 },
				default: 30,
				description:
					'Documents only: documents dated within this many days are watched, so an edit to an older document in that window is seen too. Catalog items are all watched.',
			},
			{
				displayName: 'Filters',
				name: 'filters',
				type: 'collection',
				placeholder: 'Add Filter',
				default: {},
				options: [
					{
						displayName: 'Organisation',
						name: 'organisation',
						type: 'string',
						default: '',
						placeholder: 'e.g. 3b1f5c9e-0d6a-4c1e-9f1a-2d8e7a6b5c4d',
						description: 'Only objects of this organisation (Организация_Key equals this Ref_Key)',
					},
					{
						displayName: 'Posted Only',
						name: 'postedOnly',
						type: 'boolean',
						default: false,
						description: 'Whether to watch posted documents only; posting and unposting count as changes',
					},
					{
						displayName: 'Status Field Name or ID',
						name: 'statusField',
						type: 'options',
						typeOptions: { loadOptionsMethod: 'getTriggerFilterFields', loadOptionsDependsOn: ['entitySet'] },
						default: '',
						description:
							'Field that holds the status, e.g. Статус (an enum) or СостояниеЗаказа. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
					},
					{
						displayName: 'Status Values',
						name: 'statusValues',
						type: 'string',
						default: '',
						placeholder: "e.g. КОтгрузке, Закрыт or Catalog_СостоянияЗаказовПокупателей(guid'…')",
						description:
							"Values of the status field to watch, separated by commas (any of them matches): an enum member's name, a Ref_Key for a reference, the object's address Catalog_X(guid'…') for a field of several types",
					},
				],
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Emit Existing on First Run',
						name: 'emitExistingOnFirstRun',
						type: 'boolean',
						default: false,
						description:
							'Whether the first poll after activation emits every object it finds (a backfill) instead of only remembering them',
					},
					{
						displayName: 'Field Names or IDs',
						name: 'fields',
						type: 'multiOptions',
						typeOptions: { loadOptionsMethod: 'getTriggerFields', loadOptionsDependsOn: ['entitySet'] },
						default: [],
						description:
							'Fields of each emitted object; all when empty (Ref_Key and DataVersion always come). Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
					},
				],
			},
		],
	};

	methods = { loadOptions: triggerLoadOptions };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const filters = this.getNodeParameter('filters', {}) as {
			organisation?: string;
			postedOnly?: boolean;
			statusField?: string;
			statusValues?: string;
		};
		const options = this.getNodeParameter('options', {}) as { emitExistingOnFirstRun?: boolean; fields?: string[] };
		const settings: TriggerSettings = {
			entitySet: this.getNodeParameter('entitySet') as string,
			lookBackDays: this.getNodeParameter('lookBackDays', 30) as number,
			postedOnly: filters.postedOnly === true,
			organisation: filters.organisation ?? '',
			status: {
				field: filters.statusField ?? '',
				values: (filters.statusValues ?? '')
					.split(',')
					.map((value) => value.trim())
					.filter((value) => value !== ''),
			},
			fields: options.fields ?? [],
		};
		return await pollChanges(this, settings, { emitExistingOnFirstRun: options.emitExistingOnFirstRun === true });
	}
}
