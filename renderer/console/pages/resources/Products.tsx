import { useTranslation } from 'react-i18next';
import { optStr, str, type FormValues } from '../../components/form';
import { ResourcePage, type ItemOf, type ResourceConfig } from '../../components/ResourcePage';
import { api as contract } from '../../../../shared/protocol/api';

type Product = ItemOf<typeof contract.hq.products>;

const toForm = (item: Product): FormValues => ({
  id: item.id,
  name: item.name,
  barcode: item.barcode ?? '',
  category: item.category,
  currency: item.prices[0]?.currency ?? '',
  price: item.prices[0]?.price ?? '',
});

/** The catalogue: one net price per currency (saving sets the price in the currency given). */
export function Products() {
  const { t } = useTranslation();
  const config: ResourceConfig<typeof contract.hq.products> = {
    title: t('products.title'),
    newLabel: t('products.new'),
    routes: contract.hq.products,
    key: (item) => item.id,
    columns: [
      { header: t('fields.id'), cell: (item) => item.id },
      { header: t('fields.name'), cell: (item) => item.name },
      { header: t('products.barcode'), cell: (item) => item.barcode },
      { header: t('fields.category'), cell: (item) => item.category },
      {
        header: t('products.prices'),
        cell: (item) => item.prices.map((p) => `${p.price} ${p.currency}`).join(', '),
      },
    ],
    fields: [
      { kind: 'text', name: 'id', label: t('fields.id'), lockedWhenEditing: true },
      { kind: 'text', name: 'name', label: t('fields.name') },
      {
        kind: 'text',
        name: 'barcode',
        label: t('products.barcode'),
        hint: t('products.barcodeHint'),
      },
      { kind: 'text', name: 'category', label: t('fields.category') },
      { kind: 'text', name: 'currency', label: t('fields.currency') },
      { kind: 'text', name: 'price', label: t('products.price'), hint: t('products.priceHint') },
    ],
    blank: () =>
      toForm({
        id: '',
        name: '',
        barcode: null,
        category: '',
        prices: [{ currency: 'EUR', price: '' }],
      }),
    toForm,
    toBody: (values) => ({
      id: str(values, 'id'),
      name: str(values, 'name'),
      barcode: optStr(values, 'barcode'),
      category: str(values, 'category'),
      currency: str(values, 'currency'),
      price: str(values, 'price'),
    }),
  };
  return <ResourcePage config={config} />;
}
