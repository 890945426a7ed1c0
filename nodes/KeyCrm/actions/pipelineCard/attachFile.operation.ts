import { linkOperation } from '../links';

export const { description, execute } = linkOperation({
	resource: 'pipelineCard',
	operation: 'attachFile',
	owner: { name: 'cardId', label: 'Card ID' },
	linked: { name: 'fileId', label: 'File ID' },
	method: 'POST',
	path: (cardId, fileId) => `/pipelines/cards/${cardId}/attachment/${fileId}`,
});
