import { useEffect, useState } from 'react';
import { api } from '../session';

const SUGGESTIONS = 500;

/** The ids of the first items of a head office list, to suggest in inputs that name one. */
export function useIds(listPath: string): string[] {
  const [ids, setIds] = useState<string[]>([]);
  useEffect(() => {
    let current = true;
    api
      .call<{ items: { id: string }[] }>('GET', `${listPath}?limit=${SUGGESTIONS}`)
      .then((page) => current && setIds(page.items.map((item) => item.id)))
      .catch(() => current && setIds([]));
    return () => {
      current = false;
    };
  }, [listPath]);
  return ids;
}

/** Every tier id of every program, for inputs that name a tier. */
export function useTierIds(): string[] {
  const [ids, setIds] = useState<string[]>([]);
  useEffect(() => {
    let current = true;
    api
      .call<{ items: { tiers: { id: string }[] }[] }>(
        'GET',
        `/api/hq/programs?limit=${SUGGESTIONS}`,
      )
      .then((page) => current && setIds(page.items.flatMap((p) => p.tiers.map((tier) => tier.id))))
      .catch(() => current && setIds([]));
    return () => {
      current = false;
    };
  }, []);
  return ids;
}
