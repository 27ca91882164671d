import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import type { Scheme } from '../../../shared/domain/loyalty';
import { parseAmount } from '../../../shared/units/money';
import type { Session } from '../db/database';
import { rewardPoints, stores } from '../db/schema';
import { fieldFault, invalidFields, type FieldFault } from '../errors';
import { References } from './references';

export type SchemeBody = Omit<Scheme, 'version'>;

const OTHER_ACTIVITY_PREFIX = 'otherActivity:';

function schemeReferences(body: SchemeBody): References {
  const refs = new References().add('program', 'program', body.program);
  body.stores.forEach((id, i) => refs.add('store', `stores.${i}`, id));
  body.excludedAffiliations.forEach((id, i) =>
    refs.add('affiliation', `excludedAffiliations.${i}`, id),
  );
  for (const [kind, lines] of [
    ['earning', body.earning],
    ['redemption', body.redemption],
  ] as const) {
    lines.forEach((line, i) => {
      refs.add('rewardPoint', `${kind}.${i}.rewardPoint`, line.rewardPoint);
      refs.add('tier', `${kind}.${i}.tier`, line.tier);
      refs.add('affiliation', `${kind}.${i}.affiliation`, line.affiliation);
    });
  }
  body.earning.forEach((line, i) => {
    if (line.activity.startsWith(OTHER_ACTIVITY_PREFIX))
      refs.add(
        'activityType',
        `earning.${i}.activity`,
        line.activity.slice(OTHER_ACTIVITY_PREFIX.length),
      );
  });
  return refs;
}

function duplicateLineIds(kind: string, lines: readonly { id: string }[]): FieldFault[] {
  const seen = new Set<string>();
  return lines.flatMap((line, i) => {
    const problem = seen.has(line.id)
      ? [
          fieldFault(`${kind}.${i}.id`, 'duplicate', `line id ${line.id} appears twice`, {
            value: line.id,
          }),
        ]
      : [];
    seen.add(line.id);
    return problem;
  });
}

/** The currencies the scheme's amounts will be read in: those of its stores (or its program's). */
async function schemeCurrencies(tx: Session, body: SchemeBody): Promise<string[]> {
  const where =
    body.stores.length > 0
      ? inArray(stores.id, body.stores)
      : body.program
        ? eq(stores.programId, body.program)
        : isNotNull(stores.id);
  const rows = await tx.db.selectDistinct({ currency: stores.currency }).from(stores).where(where);
  return rows.map((row) => row.currency);
}

async function amountProblems(tx: Session, body: SchemeBody): Promise<FieldFault[]> {
  const currencies = await schemeCurrencies(tx, body);
  const problems: FieldFault[] = [];
  const check = (field: string, text: string) => {
    for (const currency of currencies) {
      try {
        parseAmount(text, currency);
      } catch (error) {
        problems.push(
          fieldFault(field, 'invalidAmount', (error as Error).message, { owner: currency }),
        );
        return;
      }
    }
  };
  body.earning.forEach((line, i) => {
    if (typeof line.per === 'string') check(`earning.${i}.per`, line.per);
    if (line.minimumBasket) check(`earning.${i}.minimumBasket`, line.minimumBasket);
  });
  if (body.minimumBasket) check('minimumBasket', body.minimumBasket);
  body.redemption.forEach((line, i) => check(`redemption.${i}.amount`, line.amount));
  return problems;
}

async function redeemableProblems(tx: Session, body: SchemeBody): Promise<FieldFault[]> {
  const ids = [...new Set(body.redemption.map((line) => line.rewardPoint))];
  if (ids.length === 0) return [];
  const notRedeemable = await tx.db
    .select({ id: rewardPoints.id })
    .from(rewardPoints)
    .where(and(inArray(rewardPoints.id, ids), eq(rewardPoints.redeemable, false)));
  const bad = new Set(notRedeemable.map((row) => row.id));
  return body.redemption.flatMap((line, i) =>
    bad.has(line.rewardPoint)
      ? [
          fieldFault(
            `redemption.${i}.rewardPoint`,
            'notRedeemable',
            `reward point ${line.rewardPoint} is not redeemable`,
            { value: line.rewardPoint },
          ),
        ]
      : [],
  );
}

/**
 * Everything zod cannot see about a scheme: the ids it names exist, line ids are unique (entries
 * record them), redemption spends redeemable points, amounts fit the stores' currencies, and the
 * validity runs forward. Answers 400 naming each field at fault.
 */
export async function checkScheme(tx: Session, body: SchemeBody): Promise<void> {
  await schemeReferences(body).check(tx);
  const problems = [
    ...duplicateLineIds('earning', body.earning),
    ...duplicateLineIds('redemption', body.redemption),
    ...(body.validFrom && body.validTo && Date.parse(body.validFrom) >= Date.parse(body.validTo)
      ? [fieldFault('validTo', 'notAfter', 'must be after validFrom', { other: 'validFrom' })]
      : []),
    ...body.earning.flatMap((line, i) =>
      line.validFrom && line.validTo && Date.parse(line.validFrom) >= Date.parse(line.validTo)
        ? [
            fieldFault(`earning.${i}.validTo`, 'notAfter', 'must be after validFrom', {
              other: 'validFrom',
            }),
          ]
        : [],
    ),
    ...(await redeemableProblems(tx, body)),
    ...(await amountProblems(tx, body)),
  ];
  if (problems.length > 0) throw invalidFields('invalidScheme', problems);
}
