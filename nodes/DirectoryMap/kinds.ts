/** The directories a node can keep a table for; each has its own table parameter and dropdowns. */
export const DIRECTORY_KINDS = [
	{ value: 'orderStatus', name: 'Order Statuses' },
	{ value: 'deliveryMethod', name: 'Delivery Methods' },
	{ value: 'paymentMethod', name: 'Payment Methods' },
	{ value: 'source', name: 'Sources / Sites' },
	{ value: 'warehouse', name: 'Warehouses' },
	{ value: 'priceType', name: 'Price Types' },
	{ value: 'organisation', name: 'Organisations' },
	{ value: 'custom', name: 'Custom List' },
] as const;

export type DirectoryKind = (typeof DIRECTORY_KINDS)[number]['value'];

export const kindName = (kind: DirectoryKind): string =>
	DIRECTORY_KINDS.find((candidate) => candidate.value === kind)?.name ?? kind;

const capitalised = (kind: DirectoryKind) => kind.charAt(0).toUpperCase() + kind.slice(1);

/** The parameter holding a kind's rows: `orderStatusTable`. */
export const tableParameter = (kind: DirectoryKind) => `${kind}Table`;

/** The parameter naming where a kind's BAS values come from: `orderStatusBasObject`. */
export const basObjectParameter = (kind: DirectoryKind) => `${kind}BasObject`;

/** Dropdown loaders, one per kind and side, since a row's dropdown cannot read its table's settings. */
export const crmLoaderName = (kind: DirectoryKind) => `getCrm${capitalised(kind)}Values`;
export const basLoaderName = (kind: DirectoryKind) => `getBas${capitalised(kind)}Values`;
