/**
 * The account's file storage: `POST /storage/upload` (multipart, at most 10 MB; the same file
 * uploaded again answers the stored one), the file list, and files attached to orders and
 * pipeline cards.
 */
import { createHash } from 'node:crypto';

import { nowSeconds } from './format';
import { KeyCrmOrderStore } from './orders';
import type { AttachmentTarget, FileRecord } from './records';
import { KeyCrmError, notFound, Validator } from './validation';

/** KeyCRM's documented upload limit. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

export interface UploadedFile {
	name: string;
	mimeType: string;
	bytes: Buffer;
}

export abstract class KeyCrmStorageStore extends KeyCrmOrderStore {
	readonly files = new Map<number, FileRecord>();
	private readonly attachments = new Map<string, number[]>();

	clear(): void {
		super.clear();
		this.files.clear();
		this.attachments.clear();
	}

	getFile(id: number): FileRecord {
		const file = this.files.get(id);
		if (!file) throw notFound('Storage\\File', id);
		return file;
	}

	/** Stores an upload; `created` is false when the same file was stored before. */
	uploadFile(upload: UploadedFile | undefined, baseUrl: string): { file: FileRecord; created: boolean } {
		if (!upload) {
			const v = new Validator();
			v.required('file', undefined);
			v.throwIfFailed();
		}
		const { name, mimeType, bytes } = upload!;
		if (bytes.length > MAX_UPLOAD_BYTES) throw new KeyCrmError(413, 'The uploaded file is larger than 10 MB.');
		const digest = createHash('sha256').update(name).update('\0').update(bytes).digest('hex');
		const known = [...this.files.values()].find((f) => f.digest === digest);
		if (known) return { file: known, created: false };
		const extension = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase() ?? '';
		const fileName = `${digest.slice(0, 32)}${extension ? `.${extension}` : ''}`;
		const now = nowSeconds();
		const file: FileRecord = {
			id: this.nextId('file'),
			file_name: fileName,
			url: `${baseUrl}/storage/sandbox-shop/${fileName}`,
			size: bytes.length,
			extension,
			original_file_name: name,
			mime_type: mimeType,
			digest,
			created_at: now,
			updated_at: now,
		};
		this.files.set(file.id, file);
		return { file, created: true };
	}

	filesOf(target: AttachmentTarget, entityId: number): FileRecord[] {
		return (this.attachments.get(`${target}:${entityId}`) ?? []).map((id) => this.files.get(id)!).filter(Boolean);
	}

	/** Attaches a stored file to an order or card (already attached: nothing changes). */
	protected attach(target: AttachmentTarget, entityId: number, fileId: number): void {
		this.getFile(fileId);
		const key = `${target}:${entityId}`;
		const list = this.attachments.get(key) ?? [];
		if (!list.includes(fileId)) list.push(fileId);
		this.attachments.set(key, list);
	}

	/** Detaches a file; one that is not attached is a bad request. */
	protected detach(target: AttachmentTarget, entityId: number, fileId: number): void {
		this.getFile(fileId);
		const key = `${target}:${entityId}`;
		const list = this.attachments.get(key) ?? [];
		if (!list.includes(fileId)) throw new KeyCrmError(400, `The file ${fileId} is not attached.`);
		this.attachments.set(
			key,
			list.filter((id) => id !== fileId),
		);
	}

	attachFileToOrder(orderId: number, fileId: number): void {
		const order = this.getOrder(orderId);
		this.attach('order', orderId, fileId);
		order.updated_at = nowSeconds();
	}

	detachFileFromOrder(orderId: number, fileId: number): void {
		this.getOrder(orderId);
		this.detach('order', orderId, fileId);
	}
}
