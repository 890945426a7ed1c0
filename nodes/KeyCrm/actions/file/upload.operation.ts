import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { sendRequest } from '../../../common/transport';
import type { KeyCrmConnection } from '../../transport';
import { KEYCRM_CREDENTIAL, keyCrmFailure } from '../../transport';
import { outputItem } from '../shared';

/** KeyCRM refuses larger files with 413. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

const show = { resource: ['file'], operation: ['upload'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		required: true,
		default: 'data',
		hint: 'The name of the input binary field containing the file to upload',
		displayOptions: { show },
	},
	{
		displayName: 'File Name',
		name: 'fileName',
		type: 'string',
		default: '',
		description: "The binary data's own file name when empty",
		displayOptions: { show },
	},
];

/** A multipart/form-data body with the one `file` part KeyCRM reads. */
function multipartBody(fileName: string, mimeType: string, bytes: Buffer): { body: Buffer; contentType: string } {
	const boundary = `----n8nKeyCrm${Date.now().toString(16)}${Math.random().toString(16).slice(2)}`;
	const safeName = fileName.replace(/["\r\n]/g, '_');
	const head =
		`--${boundary}\r\n` +
		`Content-Disposition: form-data; name="file"; filename="${safeName}"\r\n` +
		`Content-Type: ${mimeType}\r\n\r\n`;
	return {
		body: Buffer.concat([Buffer.from(head, 'utf8'), bytes, Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8')]),
		contentType: `multipart/form-data; boundary=${boundary}`,
	};
}

/**
 * Uploads an input item's binary file to KeyCRM's storage (`POST /storage/upload`). KeyCRM answers
 * 201 with the new file, or 200 with the stored one when the same file was uploaded before; either
 * way the output is the file, whose id Attach File takes.
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	connection: KeyCrmConnection,
): Promise<INodeExecutionData[]> {
	const property = this.getNodeParameter('binaryPropertyName', itemIndex) as string;
	const binary = this.helpers.assertBinaryData(itemIndex, property);
	const bytes = await this.helpers.getBinaryDataBuffer(itemIndex, property);
	const fileName = (this.getNodeParameter('fileName', itemIndex, '') as string) || binary.fileName || 'file';
	if (bytes.length > MAX_UPLOAD_BYTES) {
		throw new NodeOperationError(
			this.getNode(),
			`Item ${itemIndex}: ${property} = "${fileName}" (${bytes.length} bytes) is larger than KeyCRM's 10 MB limit`,
			{ itemIndex },
		);
	}
	const { body, contentType } = multipartBody(fileName, binary.mimeType || 'application/octet-stream', bytes);
	const response = await sendRequest(
		this,
		{ service: 'KeyCRM', credentialType: KEYCRM_CREDENTIAL, limiter: connection.limiter, readFailure: keyCrmFailure },
		{
			method: 'POST',
			url: `${connection.baseUrl}/storage/upload`,
			body,
			headers: { 'Content-Type': contentType },
			itemIndex,
		},
	);
	const file = (response.json ?? {}) as INodeExecutionData['json'];
	return [outputItem({ ...file, already_stored: response.statusCode === 200 }, itemIndex)];
}
