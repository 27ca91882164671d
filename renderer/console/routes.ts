import { useEffect, useState } from 'react';

/** The console's sections, in the order of the navigation; each is a hash route (#schemes). */
export const SECTIONS = [
  'jobs',
  'reward-points',
  'rewards',
  'programs',
  'schemes',
  'simulator',
  'affiliations',
  'stores',
  'registers',
  'quick-keys',
  'staff',
  'products',
  'vat-rates',
  'customers',
  'activity-types',
  'activity-awards',
  'cards',
  'sync-health',
  'review',
  'reports',
  'voids',
] as const;
export type Section = (typeof SECTIONS)[number];

export interface Route {
  readonly section: Section;
  /** What follows the section: `#cards/1234` has the argument "1234". */
  readonly argument: string | null;
}

export function parseHash(hash: string): Route {
  const [first = '', ...rest] = hash.replace(/^#/, '').split('/');
  const section = (SECTIONS as readonly string[]).includes(first) ? (first as Section) : 'jobs';
  const argument = rest.length > 0 ? decodeURIComponent(rest.join('/')) : null;
  return { section, argument };
}

export const hrefOf = (section: Section, argument?: string): string =>
  `#${section}${argument ? `/${encodeURIComponent(argument)}` : ''}`;

export function navigate(section: Section, argument?: string): void {
  window.location.hash = hrefOf(section, argument);
}

/** The current route, following the address bar (links, back and forward). */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(window.location.hash));
  useEffect(() => {
    const follow = () => setRoute(parseHash(window.location.hash));
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, []);
  return route;
}
