import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { basLoaderName, basObjectParameter, crmLoaderName, DIRECTORY_KINDS, type DirectoryKind } from '../kinds';
import { basValueOptions, getBasObjects } from './basValues';
import { crmDirectoryOptions, type CrmSource, type SalesDriveMethodValue } from './crmDirectories';

type Loader = (this: ILoadOptionsFunctions) => Promise<INodePropertyOptions[]>;

function crmLoader(kind: DirectoryKind): Loader {
	return async function (this: ILoadOptionsFunctions) {
		const crm = (this.getCurrentNodeParameter('crm') ?? 'none') as CrmSource;
		const methodValue = (this.getCurrentNodeParameter('salesDriveMethodValue') ?? 'id') as SalesDriveMethodValue;
		return await crmDirectoryOptions(this, crm, kind, methodValue);
	};
}

function basLoader(kind: DirectoryKind): Loader {
	return async function (this: ILoadOptionsFunctions) {
		const object = this.getCurrentNodeParameter(basObjectParameter(kind)) as string | undefined;
		return object ? await basValueOptions(this, object) : [];
	};
}

/** `getBasObjects`, and per kind `getCrm<Kind>Values` and `getBas<Kind>Values` for the table rows. */
export const loadOptions: Record<string, Loader> = {
	getBasObjects,
	...Object.fromEntries(
		DIRECTORY_KINDS.flatMap(({ value: kind }) => [
			[crmLoaderName(kind), crmLoader(kind)],
			[basLoaderName(kind), basLoader(kind)],
		]),
	),
};
