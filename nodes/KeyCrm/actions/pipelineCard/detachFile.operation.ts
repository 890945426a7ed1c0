import { linkOperation } from '../links';

export const { description, execute } = linkOperation({
	resource: 'pipelineCard',
	operation: 'detachFile',
	owner: { name: 'cardId', label: 'Card ID' },
	linked: { name: 'fileId', label: 'File ID' },
	method: 'DELETE',
	path: (cardId, fileId) => `/pipelines/cards/${cardId}/attachment/${fileId}`,
});
