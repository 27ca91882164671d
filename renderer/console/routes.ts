import { useEffect, useState } from 'react';

/**
 * The console's sections grouped by what head office does, in the order of the navigation; each
 * section is a hash route (#schemes).
 */
export const NAV_GROUPS = [
  {
    group: 'loyalty',
    sections: [
      'reward-points',
      'rewards',
      'programs',
      'schemes',
      'simulator',
      'affiliations',
      'activity-types',
      'activity-awards',
    ],
  },
  { group: 'customers', sections: ['customers', 'cards'] },
  {
    group: 'stores',
    sections: ['stores', 'registers', 'quick-keys', 'staff', 'products', 'vat-rates'],
  },
  { group: 'operations', sections: ['jobs', 'sync-health', 'review', 'reports', 'voids'] },
] as const;
export type NavGroup = (typeof NAV_GROUPS)[number]['group'];
export type Section = (typeof NAV_GROUPS)[number]['sections'][number];

/** Every section once, in the order of the navigation. */
export const SECTIONS: readonly Section[] = NAV_GROUPS.flatMap((group) => group.sections);

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
