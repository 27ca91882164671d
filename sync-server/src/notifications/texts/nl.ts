import type { NoticeTexts } from './en';

export const nl: NoticeTexts = {
  greeting: 'Beste {{name}},',
  customer: 'klant',
  balanceUpdate: {
    subject: 'Uw puntensaldo: {{balances}}',
    text: 'Het saldo van kaart {{card}} is nu {{balances}}.',
  },
  expiryWarning: {
    subject_one: '{{count}} {{rewardPoint}}-punt vervalt op {{date}}',
    subject_other: '{{count}} {{rewardPoint}}-punten vervallen op {{date}}',
    text_one:
      '{{count}} {{rewardPoint}}-punt op kaart {{card}} vervalt op {{date}}. Besteed het voor die tijd.',
    text_other:
      '{{count}} {{rewardPoint}}-punten op kaart {{card}} vervallen op {{date}}. Besteed ze voor die tijd.',
  },
  tierChanged: {
    subject: 'Uw niveau is nu {{tier}}',
    text: 'Kaart {{card}} heeft nu niveau {{tier}} (was {{previous}}).',
    untilText: 'Kaart {{card}} heeft nu niveau {{tier}} (was {{previous}}), tot {{until}}.',
    none: 'geen',
  },
  tierExpiring: {
    subject: 'Uw niveau {{tier}} loopt tot {{date}}',
    text: 'Kaart {{card}} houdt niveau {{tier}} tot {{date}}. Spaar voor die datum punten om het te houden; daarna krijgt de kaart het niveau dat haar punten halen.',
  },
};
