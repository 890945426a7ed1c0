import type { IExecuteFunctions, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { lookupKey, type Direction } from './mapping/table';
import type { DirectoryKind } from './kinds';
import { basValueOptions } from './methods/basValues';
import { crmDirectoryOptions, type CrmSource, optionLabel, type SalesDriveMethodValue } from './methods/crmDirectories';

export interface LabelSources {
	direction: Direction;
	crm: CrmSource;
	salesDriveMethodValue: SalesDriveMethodValue;
	/** per kind, the BAS catalog or enumeration its values come from, when BAS is connected */
	basObjects: Partial<Record<DirectoryKind, string>>;
}

/**
 * Labels of unmapped values from the side they were read on: the CRM's directory (CRM → BAS) or
 * the BAS catalog or enumeration (BAS → CRM). Each table's directory is read once per run.
 */
export class LabelLookup {
	private readonly loaded = new Map<DirectoryKind, Promise<Map<string, string>>>();

	constructor(
		private readonly ctx: IExecuteFunctions,
		private readonly sources: LabelSources,
	) {}

	/** The value's label, undefined when the side is typed in or the directory does not have the value. */
	async label(kind: DirectoryKind, value: unknown): Promise<string | undefined> {
		let labels = this.loaded.get(kind);
		if (!labels) this.loaded.set(kind, (labels = this.read(kind)));
		return (await labels).get(lookupKey(value));
	}

	private async read(kind: DirectoryKind): Promise<Map<string, string>> {
		const { direction, crm, salesDriveMethodValue, basObjects } = this.sources;
		let options: INodePropertyOptions[] = [];
		if (direction === 'crmToBas') {
			// the CRM nodes' dropdown loaders use only credentials and HTTP, which an execution has too
			const ctx = this.ctx as unknown as ILoadOptionsFunctions;
			options = await crmDirectoryOptions(ctx, crm, kind, salesDriveMethodValue);
		} else if (basObjects[kind]) {
			options = await basValueOptions(this.ctx, basObjects[kind]);
		}
		return new Map(options.map((option) => [lookupKey(option.value), optionLabel(option)]));
	}
}
