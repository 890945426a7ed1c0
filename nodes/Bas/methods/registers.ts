import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import {
	isRegisterOperation,
	registerDimensions,
	registersFor,
	REGISTER_OPERATIONS,
} from '../actions/register/registerSet';
import { basMetadata, getBasConnection } from '../transport';
import { fieldOption } from '../actions/catalog/fieldConditions';
import { entitySetOptions } from './entitySetOptions';

/** Registers that offer the virtual table the chosen operation reads (Balance, Turnovers, SliceLast). */
export async function getRegisters(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const operation = this.getCurrentNodeParameter('operation') as string;
	if (!isRegisterOperation(operation)) return [];
	const metadata = await basMetadata(this, await getBasConnection(this));
	return entitySetOptions(registersFor(metadata, operation));
}

/** Dimensions of the chosen register, as the operation's virtual table returns them. */
export async function getRegisterDimensions(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const operation = this.getCurrentNodeParameter('operation') as string;
	const register = this.getCurrentNodeParameter('register') as string | undefined;
	if (!isRegisterOperation(operation) || !register) return [];
	const metadata = await basMetadata(this, await getBasConnection(this));
	const set = metadata.entitySets[register];
	const fn = set?.functions[REGISTER_OPERATIONS[operation].functionName];
	return set && fn ? registerDimensions(set, fn).map(fieldOption) : [];
}
