import { useEffect, useMemo, useState } from 'react';
import type { z } from 'zod';
import { api as contract, type AnswerOf, type RouteContract } from '../../../shared/protocol/api';
import { api } from '../session';

const SUGGESTIONS = 500;

/** A head office list as the contract states it: a page of items, the first ones asked with `limit`. */
export type ItemList = RouteContract;

/** One item of such a list, as its reply schema types it. */
export type ListItem<C extends ItemList> =
  AnswerOf<C> extends { items: readonly (infer Item)[] } ? Item : never;

/** The first items of a head office list (up to 500), for suggestions and names. */
export function useFirstItems<C extends ItemList>(list: C): ListItem<C>[] {
  const [items, setItems] = useState<ListItem<C>[]>([]);
  useEffect(() => {
    let current = true;
    // The client validates the page with the list's schema; TypeScript cannot follow a generic entry.
    (
      api.route(list, { query: { limit: SUGGESTIONS } } as never) as Promise<{
        items: ListItem<C>[];
      }>
    )
      .then((page) => current && setItems(page.items))
      .catch(() => current && setItems([]));
    return () => {
      current = false;
    };
  }, [list]);
  return items;
}

/** A list whose items have an id. */
type IdList = ItemList & { readonly reply?: z.ZodType<{ items: readonly { id: string }[] }> };

/** The ids of the first items of a head office list, to suggest in inputs that name one. */
export function useIds(list: IdList): string[] {
  const items = useFirstItems(list) as readonly { id: string }[];
  return useMemo(() => items.map((item) => item.id), [items]);
}

/** Every tier id of every program, for inputs that name a tier. */
export function useTierIds(): string[] {
  const programs = useFirstItems(contract.hq.programs.list);
  return useMemo(
    () => programs.flatMap((program) => program.tiers.map((tier) => tier.id)),
    [programs],
  );
}
