/**
 * The representation 1C answers when a client asks for no JSON: Atom (OData v3). Collections as
 * an Atom feed, one entity as an Atom entry, virtual-table rows (complex types) as a
 * `<d:element>` collection, the service document as AtomPub service XML, errors as `<m:error>`.
 */
import { entityPath, propertyType, type WireShape } from './shapes';
import type { Entity } from './store';

const ATOM = 'http://www.w3.org/2005/Atom';
const APP = 'http://www.w3.org/2007/app';
const DATA = 'http://schemas.microsoft.com/ado/2007/08/dataservices';
const METADATA = `${DATA}/metadata`;
const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';
const NAMESPACES = `xmlns="${ATOM}" xmlns:d="${DATA}" xmlns:m="${METADATA}"`;

export const ATOM_FEED_TYPE = 'application/atom+xml;type=feed;charset=utf-8';
export const ATOM_ENTRY_TYPE = 'application/atom+xml;type=entry;charset=utf-8';
export const ATOM_SERVICE_TYPE = 'application/atomsvc+xml;charset=utf-8';
export const XML_TYPE = 'application/xml;charset=utf-8';

function escape(text: string): string {
	return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function properties(entity: Entity, shape: WireShape): string {
	return Object.entries(entity)
		.map(([name, value]) => {
			const type = propertyType(shape, name, value);
			const collection = shape.collections.get(name);
			if (collection && Array.isArray(value)) {
				const elements = value
					.map(
						(row) =>
							`<d:element m:type="${escape(collection.typeName)}">${properties(row as Entity, collection.rows)}</d:element>`,
					)
					.join('');
				return `<d:${name} m:type="${escape(type)}">${elements}</d:${name}>`;
			}
			if (value === null || value === undefined) return `<d:${name} m:null="true"/>`;
			const typeAttribute = type === 'Edm.String' ? '' : ` m:type="${type}"`;
			return `<d:${name}${typeAttribute}>${escape(String(value))}</d:${name}>`;
		})
		.join('');
}

function entryBody(root: string, entity: Entity, shape: WireShape, path: string | undefined, updated: string): string {
	const id = path ? `${root}/${path}` : `${root}/${shape.set ?? shape.typeName}`;
	const links = path
		? `<link rel="edit" href="${escape(path)}" title="${escape(shape.set ?? '')}"/>` +
			shape.navigation
				.filter((navigation) => navigation.key in entity)
				.map(
					(navigation) =>
						`<link rel="${DATA}/related/${escape(navigation.name)}" type="application/atom+xml;type=entry" title="${escape(navigation.name)}" href="${escape(`${path}/${navigation.name}`)}"/>`,
				)
				.join('')
		: '';
	return (
		`<id>${escape(id)}</id>` +
		`<category term="${escape(shape.typeName)}" scheme="${DATA}/scheme"/>` +
		`<title type="text"/><updated>${updated}</updated><author/>` +
		links +
		`<content type="application/xml"><m:properties>${properties(entity, shape)}</m:properties></content>`
	);
}

const now = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

/** One entity; `path` when its written properties no longer carry the key. */
export function atomEntry(
	root: string,
	entity: Entity,
	shape: WireShape,
	path: string | undefined = entityPath(shape, entity),
): string {
	return `${XML_DECLARATION}<entry ${NAMESPACES} xml:base="${escape(`${root}/`)}">${entryBody(root, entity, shape, path, now())}</entry>`;
}

/** A collection of entities: `title` names the set, `count` is `$inlinecount`'s total. */
export function atomFeed(
	root: string,
	title: string,
	rows: Array<{ entity: Entity; path?: string }>,
	shape: WireShape,
	count?: number,
): string {
	const updated = now();
	return (
		`${XML_DECLARATION}<feed ${NAMESPACES} xml:base="${escape(`${root}/`)}">` +
		`<id>${escape(`${root}/${title}`)}</id><title type="text">${escape(title)}</title><updated>${updated}</updated><author/>` +
		`<link rel="self" href="${escape(title)}" title="${escape(title)}"/>` +
		(count === undefined ? '' : `<m:count>${count}</m:count>`) +
		rows.map((row) => `<entry>${entryBody(root, row.entity, shape, row.path, updated)}</entry>`).join('') +
		'</feed>'
	);
}

/** Rows of a complex type (virtual tables): `<d:Balance m:type="Collection(…)"><d:element>…`. */
export function atomCollection(name: string, rows: Entity[], shape: WireShape): string {
	const elements = rows.map((row) => `<d:element>${properties(row, shape)}</d:element>`).join('');
	return `${XML_DECLARATION}<d:${name} xmlns:d="${DATA}" xmlns:m="${METADATA}" m:type="Collection(${escape(shape.typeName)})">${elements}</d:${name}>`;
}

/** The service document: one collection per entity set. */
export function atomService(root: string, sets: string[]): string {
	const collections = sets
		.map((set) => `<collection href="${escape(set)}"><atom:title>${escape(set)}</atom:title></collection>`)
		.join('');
	return `${XML_DECLARATION}<service xmlns="${APP}" xmlns:atom="${ATOM}" xml:base="${escape(`${root}/`)}"><workspace><atom:title>Default</atom:title>${collections}</workspace></service>`;
}

export function atomError(code: string, message: string): string {
	return `${XML_DECLARATION}<m:error xmlns:m="${METADATA}"><m:code>${escape(code)}</m:code><m:message xml:lang="ru">${escape(message)}</m:message></m:error>`;
}
