import i18next from 'i18next';
import { useEffect, useRef, useState } from 'react';
import { api } from '../../../shared/protocol/api';
import { ApiError } from '../../common/api';
import { errorText } from '../../common/errorText';
import type { CardInfo } from '../cards/cardInfo';
import type { RegisterDb } from '../localdb/schema';
import type { StoreSetup } from '../setup/storeSetup';
import type { SyncEngine } from '../sync/engine';
import { useBasket } from './basket';
import { useEntry, type Said } from './entry';
import { REWARDS_SHOWN, type OfferedReward } from './RewardList';
import type { SaleModel } from './saleModel';
import { takeReward, type RewardRefusal } from './takeReward';
import { formatMoney } from '../../common/i18n';

const refusalText = (refusal: RewardRefusal): Said =>
  refusal.reason === 'overAllowance'
    ? () => i18next.t('register.reward.overAllowance', { points: refusal.left })
    : () => i18next.t(`register.reward.${refusal.reason}`);

export interface RewardActions {
  readonly busy: boolean;
  apply(index: number): void;
  remove(): void;
}

/**
 * Applying one of the offered rewards (before any payment: its discount changes what is due) and
 * taking it back, which gives reserved points back on the server. Focus returns to the scan field.
 */
export function useRewardActions({
  engine,
  db,
  setup,
  model,
  card,
  offered,
  focusScan,
}: {
  engine: SyncEngine;
  db: RegisterDb;
  setup: StoreSetup;
  model: SaleModel;
  card: CardInfo | null;
  offered: readonly OfferedReward[];
  focusScan: () => void;
}): RewardActions {
  const basket = useBasket();
  const entry = useEntry();
  const [busy, setBusy] = useState(false);
  const paying = basket.pointsTenders.length > 0 || basket.moneyTenders.length > 0;

  const run = async (action: () => Promise<Said | null>) => {
    if (busy) return;
    setBusy(true);
    try {
      const said = await action();
      if (said) entry.say({ text: said, tone: 'error' });
    } catch (failure) {
      entry.say({ text: () => errorText(failure), tone: 'error' });
    } finally {
      setBusy(false);
      focusScan();
    }
  };

  const apply = (index: number) =>
    run(async () => {
      // Only the rewards the panel shows have a key.
      const choice = index < REWARDS_SHOWN ? offered[index] : undefined;
      if (!choice) return () => i18next.t('register.reward.none');
      if (!card || card.status !== 'active') return () => i18next.t('register.reward.needCard');
      if (basket.reward || paying) return () => i18next.t('register.reward.paymentsFirst');
      const taken = await takeReward({
        engine,
        db,
        setup,
        card,
        reward: choice.reward,
        lines: model.linesBeforeReward,
        id: crypto.randomUUID(),
      });
      if (!taken.ok) return refusalText(taken.refusal);
      basket.setReward(taken.reward);
      const amount = formatMoney(taken.reward.discount, setup.store.currency);
      entry.say({
        text: () => i18next.t('register.reward.done', { name: taken.reward.name, amount }),
        tone: 'info',
      });
      return null;
    });

  const remove = () =>
    run(async () => {
      const reward = basket.reward;
      if (!reward) return null;
      if (paying) return () => i18next.t('register.reward.paymentsFirst');
      if (reward.reservation === 'online') {
        try {
          await engine.api().route(api.sync.release, { params: { tender: reward.id } });
        } catch (error) {
          if (error instanceof ApiError && error.status === 0)
            return () => i18next.t('register.tender.releaseOffline');
          throw error;
        }
      }
      basket.setReward(null);
      return null;
    });

  return { busy, apply: (index) => void apply(index), remove: () => void remove() };
}

/** Alt+1 to Alt+9 apply the reward listed at that place, Alt+0 takes the applied one back. */
export function useRewardKeys(actions: RewardActions) {
  const current = useRef(actions);
  current.current = actions;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!event.altKey || event.ctrlKey || event.metaKey) return;
      const digit = /^(?:Digit|Numpad)(\d)$/.exec(event.code)?.[1];
      if (digit === undefined) return;
      event.preventDefault();
      if (document.querySelector('dialog[open]')) return;
      if (digit === '0') current.current.remove();
      else current.current.apply(Number(digit) - 1);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
