import type { BasPreset } from '../transport';

/**
 * What a configuration usually calls things, for the defaults the nodes pre-select. A preset only
 * fills in what the user left on "Use Configuration Default"; every choice stays editable, and a
 * base whose configuration differs (another release, an extension) is read from its `$metadata`.
 */
export interface ConfigurationPreset {
	/** the document a CRM order becomes, and its goods section */
	customerOrder: { document: string; goodsSection: string };
	/**
	 * Attributes whose values are members of an enumeration, by entity set (a tabular section as
	 * `Document_X.Section`). 1C publishes such attributes as plain `Edm.String`, so `$metadata`
	 * alone does not tell which enumeration a value must belong to.
	 */
	enumFields: Record<string, Record<string, string>>;
}

const UT: ConfigurationPreset = {
	customerOrder: { document: 'Document_ЗаказКлиента', goodsSection: 'Товары' },
	enumFields: {
		Document_ЗаказКлиента: {
			Статус: 'СтатусыЗаказовКлиентов',
			ХозяйственнаяОперация: 'ХозяйственныеОперации',
			НалогообложениеНДС: 'ТипыНалогообложенияНДС',
			ФормаОплаты: 'ФормыОплаты',
		},
		'Document_ЗаказКлиента.Товары': { ВариантОбеспечения: 'ВариантыОбеспечения' },
	},
};

export const CONFIGURATION_PRESETS: Record<Exclude<BasPreset, 'custom'>, ConfigurationPreset> = {
	unf: {
		customerOrder: { document: 'Document_ЗаказПокупателя', goodsSection: 'Запасы' },
		enumFields: {
			Document_ЗаказПокупателя: {
				ВидОперации: 'ВидыОперацийЗаказПокупателя',
				НалогообложениеНДС: 'ТипыНалогообложенияНДС',
				ВариантЗавершения: 'ВариантыЗавершенияЗаказа',
			},
		},
	},
	ut: UT,
	// BAS KUP / ERP share UT's trade documents
	erp: UT,
	bp: {
		customerOrder: { document: 'Document_СчетНаОплатуПокупателю', goodsSection: 'Товары' },
		enumFields: {
			Document_СчетНаОплатуПокупателю: { ВидОперации: 'ВидыОперацийСчетаПокупателю' },
			'Document_СчетНаОплатуПокупателю.Товары': { СтавкаНДС: 'СтавкиНДС' },
		},
	},
};

/** The preset of a credential's configuration; undefined for "Custom". */
export function configurationPreset(preset: BasPreset): ConfigurationPreset | undefined {
	return preset === 'custom' ? undefined : CONFIGURATION_PRESETS[preset];
}

/** Enumerations known for the attributes of one entity set (or `Document_X.Section`). */
export function presetEnumFields(preset: BasPreset, entitySet: string): Record<string, string> {
	return configurationPreset(preset)?.enumFields[entitySet] ?? {};
}
