import { seededRandom } from './random';

export interface DemoProduct {
  readonly id: string;
  readonly name: string;
  readonly barcode: string;
  readonly category: string;
  /** Net price in the demo currency's minor units. */
  readonly priceMinor: number;
}

interface Category {
  readonly id: string;
  readonly nouns: readonly string[];
  /** Price range in minor units. */
  readonly price: readonly [number, number];
}

const CATEGORIES: readonly Category[] = [
  {
    id: 'COFFEE',
    nouns: ['Espresso', 'Cappuccino', 'Latte', 'Filter coffee', 'Beans 250 g'],
    price: [220, 1490],
  },
  {
    id: 'TEA',
    nouns: ['Green tea', 'Earl Grey', 'Chai', 'Mint tea', 'Rooibos'],
    price: [190, 890],
  },
  {
    id: 'BAKERY',
    nouns: ['Croissant', 'Sourdough', 'Muffin', 'Cinnamon roll', 'Baguette'],
    price: [150, 650],
  },
  {
    id: 'SNACKS',
    nouns: ['Crisps', 'Nuts', 'Chocolate bar', 'Granola bar', 'Cookies'],
    price: [99, 499],
  },
  {
    id: 'BOOKS',
    nouns: ['Novel', 'Cookbook', 'Travel guide', 'Notebook', 'Comic'],
    price: [599, 3499],
  },
  { id: 'HOME', nouns: ['Mug', 'Candle', 'Tea towel', 'Vase', 'Coasters'], price: [450, 3999] },
  {
    id: 'TOYS',
    nouns: ['Puzzle', 'Card game', 'Plush bear', 'Kite', 'Marbles'],
    price: [399, 4999],
  },
  {
    id: 'GADGETS',
    nouns: ['USB cable', 'Earbuds', 'Power bank', 'Phone stand', 'Charger'],
    price: [799, 5999],
  },
];

const ADJECTIVES = [
  'Classic',
  'Organic',
  'Deluxe',
  'Mini',
  'Large',
  'Dutch',
  'Spiced',
  'Smoky',
  'Fresh',
  'Seasonal',
  'Vintage',
  'Bright',
  'Cosy',
  'Little',
  'Grand',
];

export const DEMO_PRODUCT_COUNT = 400;

/** The demo catalogue: the same products and prices every time. */
export function demoCatalogue(count = DEMO_PRODUCT_COUNT): DemoProduct[] {
  const random = seededRandom(20260301);
  return Array.from({ length: count }, (_, i) => {
    const category = CATEGORIES[i % CATEGORIES.length] as Category;
    const noun = category.nouns[Math.floor(i / CATEGORIES.length) % category.nouns.length] ?? '';
    const adjective = ADJECTIVES[Math.floor(i / (CATEGORIES.length * 5)) % ADJECTIVES.length];
    const [low, high] = category.price;
    // Prices end in 9 like shop prices do.
    const priceMinor = Math.floor(random.int(low, high) / 10) * 10 + 9;
    return {
      id: `P${String(i + 1).padStart(4, '0')}`,
      name: `${adjective} ${noun.toLowerCase()}`,
      barcode: `871${String(i + 1).padStart(10, '0')}`,
      category: category.id,
      priceMinor,
    };
  });
}
