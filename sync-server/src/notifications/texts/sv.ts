import type { NoticeTexts } from './en';

export const sv: NoticeTexts = {
  greeting: 'Hej {{name}},',
  customer: 'kund',
  balanceUpdate: {
    subject: 'Ditt poängsaldo: {{balances}}',
    text: 'Saldot på kort {{card}} är nu {{balances}}.',
  },
  expiryWarning: {
    subject_one: '{{count}} {{rewardPoint}}-poäng går ut {{date}}',
    subject_other: '{{count}} {{rewardPoint}}-poäng går ut {{date}}',
    text_one:
      '{{count}} {{rewardPoint}}-poäng på kort {{card}} går ut {{date}}. Använd den innan dess.',
    text_other:
      '{{count}} {{rewardPoint}}-poäng på kort {{card}} går ut {{date}}. Använd dem innan dess.',
  },
  tierChanged: {
    subject: 'Din nivå är nu {{tier}}',
    text: 'Kort {{card}} har nu nivån {{tier}} (tidigare {{previous}}).',
    untilText:
      'Kort {{card}} har nu nivån {{tier}} (tidigare {{previous}}), till och med {{until}}.',
    none: 'ingen',
  },
  tierExpiring: {
    subject: 'Din nivå {{tier}} gäller till {{date}}',
    text: 'Kort {{card}} behåller nivån {{tier}} till {{date}}. Tjäna poäng före dess för att behålla den; därefter får kortet den nivå som dess poäng når.',
  },
};
