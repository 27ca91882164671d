import type { TFunction } from 'i18next';
import type { FieldSpec, Option } from '../../components/form';

/** Field groups several editors share. */

export const unitOptions = (t: TFunction): Option[] => [
  { value: 'day', label: t('fields.days') },
  { value: 'month', label: t('fields.months') },
  { value: 'year', label: t('fields.years') },
];

/** A period as a number and a unit; an empty number means none (`hint` says what none is). */
export function periodFields(t: TFunction, name: string, label: string, hint: string): FieldSpec[] {
  return [
    { kind: 'text', name: `${name}Value`, label, hint, errorPaths: [`${name}.value`, name] },
    {
      kind: 'select',
      name: `${name}Unit`,
      label: t('fields.unitOf', { what: label }),
      options: unitOptions(t),
      errorPaths: [`${name}.unit`],
    },
  ];
}

/** A sale line filter: none, a category or a product. */
export function filterFields(t: TFunction, suggestions: readonly string[]): FieldSpec[] {
  return [
    {
      kind: 'select',
      name: 'filterKind',
      label: t('fields.filter'),
      errorPaths: [],
      options: [
        { value: '', label: t('fields.noFilter') },
        { value: 'category', label: t('fields.category') },
        { value: 'product', label: t('fields.product') },
      ],
    },
    {
      kind: 'text',
      name: 'filterId',
      label: t('fields.filterId'),
      suggestions,
      errorPaths: ['filter'],
    },
  ];
}

export const yesNo = (t: TFunction, value: boolean): string =>
  value ? t('resource.yes') : t('resource.no');
