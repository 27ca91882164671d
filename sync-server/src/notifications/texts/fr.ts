import type { NoticeTexts } from './en';

export const fr: NoticeTexts = {
  greeting: 'Bonjour {{name}},',
  customer: 'client',
  balanceUpdate: {
    subject: 'Votre solde de points : {{balances}}',
    text: 'Le solde de la carte {{card}} est maintenant de {{balances}}.',
  },
  expiryWarning: {
    subject_one: '{{count}} point {{rewardPoint}} expire le {{date}}',
    subject_other: '{{count}} points {{rewardPoint}} expirent le {{date}}',
    text_one:
      '{{count}} point {{rewardPoint}} de la carte {{card}} expire le {{date}}. Utilisez-le d’ici là.',
    text_other:
      '{{count}} points {{rewardPoint}} de la carte {{card}} expirent le {{date}}. Utilisez-les d’ici là.',
  },
  tierChanged: {
    subject: 'Votre niveau est maintenant {{tier}}',
    text: 'La carte {{card}} est maintenant au niveau {{tier}} (avant : {{previous}}).',
    untilText:
      'La carte {{card}} est maintenant au niveau {{tier}} (avant : {{previous}}), jusqu’au {{until}}.',
    none: 'aucun',
  },
  tierExpiring: {
    subject: 'Votre niveau {{tier}} est valable jusqu’au {{date}}',
    text: 'La carte {{card}} garde le niveau {{tier}} jusqu’au {{date}}. Gagnez des points d’ici là pour le conserver ; ensuite, la carte passe au niveau que ses points atteignent.',
  },
};
