import { route } from './contract';

const cardRoute = (method: 'GET' | 'POST', path: string, access: 'staff' | 'manager') =>
  route({ method, path, access, tags: ['cards'] });

/**
 * Loyalty cards: reading and searching for any signed-in staff; the rest for head office, or a
 * manager at a register of their store.
 */
export const cards = {
  search: cardRoute('GET', '/api/cards', 'staff'),
  get: cardRoute('GET', '/api/cards/:number', 'staff'),
  history: cardRoute('GET', '/api/cards/:number/history', 'staff'),
  issue: cardRoute('POST', '/api/cards', 'manager'),
  block: cardRoute('POST', '/api/cards/:number/block', 'manager'),
  unblock: cardRoute('POST', '/api/cards/:number/unblock', 'manager'),
  link: cardRoute('POST', '/api/cards/:number/link', 'manager'),
  adjust: cardRoute('POST', '/api/cards/:number/adjust', 'manager'),
  award: cardRoute('POST', '/api/cards/:number/activities', 'manager'),
  transfer: cardRoute('POST', '/api/cards/:number/transfer', 'manager'),
  replace: cardRoute('POST', '/api/cards/:number/replace', 'manager'),
  simulate: route({ method: 'POST', path: '/api/simulate', access: 'staff', tags: ['simulator'] }),
};
