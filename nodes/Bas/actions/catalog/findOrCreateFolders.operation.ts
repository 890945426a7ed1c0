import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { BasConnection } from '../../transport';
import { resolveCatalog } from './catalogSet';
import { checkHierarchical, folderJson, folderNames, resolveFolderPath } from './hierarchy';

const show = { resource: ['catalog'], operation: ['findOrCreateFolders'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Folder Path',
		name: 'folderPath',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. Одяг / Футболки',
		description:
			'Folders (groups) from the top: names with the separator between them, or an expression giving an array of names (e.g. a CRM category and its parents). Missing folders are created.',
		displayOptions: { show },
	},
	{
		displayName: 'Folder Path Separator',
		name: 'folderSeparator',
		type: 'string',
		default: '/',
		description: 'What separates the folder names in a Folder Path given as text',
		displayOptions: { show },
	},
];

/**
 * The folder tree of a category without items: each folder of the path found by name within its
 * parent or created, never duplicated. Outputs the last folder, `created` when this item created
 * any level, `found` when all were there.
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	connection: BasConnection,
): Promise<INodeExecutionData[]> {
	const { set, conditions: context } = await resolveCatalog(this, itemIndex, connection);
	const path = this.getNodeParameter('folderPath', itemIndex, '') as unknown;
	const names = folderNames(path, this.getNodeParameter('folderSeparator', itemIndex, '/') as string);
	if (names.length === 0) {
		throw new NodeOperationError(this.getNode(), `Item ${itemIndex}: the Folder Path is empty`, { itemIndex });
	}
	checkHierarchical(this, set, itemIndex);
	const { folder, created } = await resolveFolderPath(this, connection, context.metadata, set, names, itemIndex);
	return [
		{
			json: {
				status: created.length > 0 ? 'created' : 'found',
				...folderJson(folder),
				folderPath: names,
				createdFolders: created,
			},
			pairedItem: { item: itemIndex },
		},
	];
}
