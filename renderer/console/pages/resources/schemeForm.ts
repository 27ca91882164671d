import type { SchemeVersion } from '../../../../shared/protocol/api';
import {
  filter,
  filterForm,
  idList,
  int,
  joinIds,
  optStr,
  rows,
  str,
  textOf,
  type FormValues,
} from '../../components/form';

/** A scheme version's lines as the server answers them, and their conversion to and from the editor. */
type EarningLine = SchemeVersion['earning'][number];
type RedemptionLine = SchemeVersion['redemption'][number];

const earningForm = (line: EarningLine): FormValues => ({
  id: line.id,
  tier: line.tier ?? '',
  affiliation: line.affiliation ?? '',
  activity: line.activity,
  ...filterForm(line.filter),
  per: textOf(line.per),
  rewardPoint: line.rewardPoint,
  points: textOf(line.points),
});

const redemptionForm = (line: RedemptionLine): FormValues => ({
  id: line.id,
  tier: line.tier ?? '',
  affiliation: line.affiliation ?? '',
  ...filterForm(line.filter),
  rewardPoint: line.rewardPoint,
  points: textOf(line.points),
  amount: line.amount,
  validFrom: line.validFrom ?? '',
  validTo: line.validTo ?? '',
});

export const newEarningLine = (n: number): FormValues =>
  earningForm({
    id: `E${n}`,
    tier: null,
    affiliation: null,
    activity: 'salesAmount',
    filter: null,
    per: '1.00',
    rewardPoint: '',
    points: 1,
  });

export const newRedemptionLine = (n: number): FormValues =>
  redemptionForm({
    id: `R${n}`,
    tier: null,
    affiliation: null,
    filter: null,
    rewardPoint: '',
    points: 100,
    amount: '1.00',
    validFrom: null,
    validTo: null,
  });

export const schemeToForm = (item: SchemeVersion): FormValues => ({
  id: item.id,
  name: item.name ?? '',
  program: item.program ?? '',
  validFrom: item.validFrom ?? '',
  validTo: item.validTo ?? '',
  stores: joinIds(item.stores),
  excludedAffiliations: joinIds(item.excludedAffiliations),
  earning: item.earning.map(earningForm),
  redemption: item.redemption.map(redemptionForm),
});

export const blankScheme = (): FormValues => ({
  id: '',
  name: '',
  program: '',
  validFrom: '',
  validTo: '',
  stores: '',
  excludedAffiliations: '',
  earning: [],
  redemption: [],
});

/** `per` is an amount for sales amount lines and a whole number for the others. */
const earningBody = (line: FormValues) => ({
  id: str(line, 'id'),
  tier: optStr(line, 'tier'),
  affiliation: optStr(line, 'affiliation'),
  activity: str(line, 'activity'),
  filter: filter(line),
  per: str(line, 'activity') === 'salesAmount' ? str(line, 'per') : int(line, 'per'),
  rewardPoint: str(line, 'rewardPoint'),
  points: int(line, 'points'),
});

const redemptionBody = (line: FormValues) => ({
  id: str(line, 'id'),
  tier: optStr(line, 'tier'),
  affiliation: optStr(line, 'affiliation'),
  filter: filter(line),
  rewardPoint: str(line, 'rewardPoint'),
  points: int(line, 'points'),
  amount: str(line, 'amount'),
  validFrom: optStr(line, 'validFrom'),
  validTo: optStr(line, 'validTo'),
});

export const schemeBody = (values: FormValues) => ({
  id: str(values, 'id'),
  ...(str(values, 'name') ? { name: str(values, 'name') } : {}),
  program: optStr(values, 'program'),
  validFrom: optStr(values, 'validFrom'),
  validTo: optStr(values, 'validTo'),
  stores: idList(values, 'stores'),
  excludedAffiliations: idList(values, 'excludedAffiliations'),
  earning: rows(values, 'earning').map(earningBody),
  redemption: rows(values, 'redemption').map(redemptionBody),
});
