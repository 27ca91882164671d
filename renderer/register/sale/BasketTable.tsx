import { Fragment, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PricedLine } from '../../../shared/checkout/pricing';
import type { Scheme } from '../../../shared/domain/loyalty';
import type { Earning } from '../../../shared/engine/earning';
import { formatMoney } from '../../common/i18n';
import { pointsText } from '../cards/pointsText';
import { useBasket } from './basket';

/**
 * The basket's lines with their prices, the tier discount and the points each line earns. One
 * line is selected (arrow keys, or a tap); its actions are in its line menu or on their keys.
 */
export function BasketTable({
  lines,
  earning,
  schemes,
  currency,
  locked,
  rewardName,
  onVoidLine,
}: {
  lines: readonly PricedLine[];
  earning: Earning | null;
  /** The schemes the sale earns under: "why" names the scheme (a promotion) of each line. */
  schemes: readonly Scheme[];
  currency: string;
  locked: boolean;
  /** The reward applied to the sale, named on the lines it takes its discount off. */
  rewardName: string | null;
  onVoidLine: (id: string) => void;
}) {
  const { t } = useTranslation();
  const schemeOf = new Map(
    schemes.flatMap((s) => s.earning.map((rule) => [rule.id, s.name ?? s.id] as const)),
  );
  const { selected, select, setQuantity } = useBasket();
  const [why, setWhy] = useState<string | null>(null);
  const [menu, setMenu] = useState<string | null>(null);
  const body = useRef<HTMLDivElement>(null);
  useEffect(() => {
    body.current
      ?.querySelector('tr[aria-selected="true"]')
      ?.scrollIntoView({ block: 'nearest', behavior: 'instant' });
  }, [selected, lines.length]);
  if (lines.length === 0) return <p className="empty basket-empty">{t('register.basket.empty')}</p>;
  const money = (amount: number) => formatMoney(amount, currency);
  return (
    <div className="basket-scroll" ref={body}>
      <table className="basket" aria-label={t('register.basket.title')}>
        <thead>
          <tr>
            <th scope="col">{t('register.basket.item')}</th>
            <th scope="col" className="num">
              {t('register.basket.quantity')}
            </th>
            <th scope="col" className="num">
              {t('register.basket.price')}
            </th>
            <th scope="col" className="num">
              {t('register.basket.net')}
            </th>
            <th scope="col" className="num">
              {t('register.basket.points')}
            </th>
            <th scope="col">
              <span className="visually-hidden">{t('register.basket.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {lines.map((line) => {
            const lineEarning = earning?.lines.find((l) => l.id === line.id);
            const isSelected = selected === line.id;
            return (
              <Fragment key={line.id}>
                <tr
                  aria-label={line.name}
                  aria-selected={isSelected}
                  className={isSelected ? 'selected' : undefined}
                  onClick={() => select(line.id)}
                >
                  <th scope="row">
                    {line.name}
                    {line.tierDiscount > 0 && (
                      <small className="discount">
                        {t('register.basket.tierDiscount', {
                          amount: money(-line.tierDiscount),
                        })}
                      </small>
                    )}
                    {line.reward && (
                      <small className="discount reward" data-testid={`line-reward-${line.id}`}>
                        {t('register.basket.rewardDiscount', {
                          name: rewardName ?? '',
                          amount: money(-line.reward.discount),
                          points: pointsText(line.reward.points),
                        })}
                      </small>
                    )}
                  </th>
                  <td className="num" data-testid={`line-quantity-${line.id}`}>
                    {line.quantity}
                  </td>
                  <td className="num">{money(line.unitPrice)}</td>
                  <td className="num">{money(line.netAmount)}</td>
                  <td className="num points" data-testid={`line-points-${line.id}`}>
                    {pointsText(lineEarning?.earned ?? {})}
                  </td>
                  <td className="line-menu-cell">
                    <button
                      type="button"
                      className="line-menu-button"
                      aria-haspopup="menu"
                      aria-expanded={menu === line.id}
                      aria-label={t('register.basket.lineMenu', { name: line.name })}
                      onClick={(event) => {
                        event.stopPropagation();
                        select(line.id);
                        setMenu(menu === line.id ? null : line.id);
                      }}
                    >
                      ⋯
                    </button>
                    {menu === line.id && (
                      <div
                        className="line-menu"
                        role="menu"
                        aria-label={t('register.basket.lineMenu', { name: line.name })}
                      >
                        <button
                          type="button"
                          role="menuitem"
                          onClick={() => {
                            setWhy(why === line.id ? null : line.id);
                            setMenu(null);
                          }}
                        >
                          {t('register.basket.why', { name: line.name })}
                        </button>
                        <button
                          type="button"
                          role="menuitem"
                          disabled={locked}
                          onClick={() => {
                            setQuantity(line.id, line.quantity + 1);
                            setMenu(null);
                          }}
                        >
                          {t('register.basket.plusOne')}
                        </button>
                        <button
                          type="button"
                          role="menuitem"
                          disabled={locked || line.quantity < 2}
                          onClick={() => {
                            setQuantity(line.id, line.quantity - 1);
                            setMenu(null);
                          }}
                        >
                          {t('register.basket.minusOne')}
                        </button>
                        <button
                          type="button"
                          role="menuitem"
                          className="danger"
                          disabled={locked}
                          onClick={() => {
                            setMenu(null);
                            onVoidLine(line.id);
                          }}
                        >
                          {t('register.basket.voidLine')} <kbd>F4</kbd>
                        </button>
                      </div>
                    )}
                  </td>
                </tr>
                {why === line.id && (
                  <tr className="why-row">
                    <td colSpan={6}>
                      <ul aria-label={t('register.basket.rules', { name: line.name })}>
                        {Object.entries(lineEarning?.rules ?? {}).map(([rule, pts]) => (
                          <li key={rule}>
                            {t('register.basket.rule', {
                              rule,
                              scheme: schemeOf.get(rule) ?? '',
                              points: pts,
                            })}
                          </li>
                        ))}
                        {Object.keys(lineEarning?.rules ?? {}).length === 0 && (
                          <li>{t('register.basket.noRules')}</li>
                        )}
                      </ul>
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
