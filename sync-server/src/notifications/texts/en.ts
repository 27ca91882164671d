/** What customers read in their notices, in English (the other languages follow these keys). */
export const en = {
  greeting: 'Dear {{name}},',
  customer: 'customer',
  balanceUpdate: {
    subject: 'Your points balance: {{balances}}',
    text: 'The balance of card {{card}} is now {{balances}}.',
  },
  expiryWarning: {
    subject_one: '{{count}} {{rewardPoint}} point expires on {{date}}',
    subject_other: '{{count}} {{rewardPoint}} points expire on {{date}}',
    text_one:
      '{{count}} {{rewardPoint}} point on card {{card}} expires on {{date}}. Spend it before then.',
    text_other:
      '{{count}} {{rewardPoint}} points on card {{card}} expire on {{date}}. Spend them before then.',
  },
  tierChanged: {
    subject: 'Your tier is now {{tier}}',
    text: 'Card {{card}} is now in tier {{tier}} (was {{previous}}).',
    untilText: 'Card {{card}} is now in tier {{tier}} (was {{previous}}), until {{until}}.',
    none: 'none',
  },
  tierExpiring: {
    subject: 'Your tier {{tier}} runs until {{date}}',
    text: 'Card {{card}} keeps tier {{tier}} until {{date}}. Earn points before then to keep it; after that the card moves to the tier its points reach.',
  },
};

type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };
export type NoticeTexts = Shape<typeof en>;
