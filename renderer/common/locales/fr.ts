import type { Texts } from './en';

export const fr: Texts = {
  app: { console: 'Console du siège', register: 'Caisse', language: 'Langue' },
  signIn: {
    title: 'Connexion',
    staffId: 'Identifiant employé',
    pin: 'Code PIN',
    submit: 'Se connecter',
    signOut: 'Se déconnecter',
    signedInAs: 'Connecté en tant que {{name}}',
    headOfficeOnly:
      'La console est réservée au personnel du siège. Connectez-vous avec un code PIN du siège.',
  },
  errors: {
    offline: 'Le serveur est injoignable. Vérifiez le réseau et réessayez.',
    unexpected:
      "Le serveur n'a pas pu le faire ({{code}}). Réessayez ; si cela se reproduit, prévenez le siège.",
    enrolmentCodeUnknown:
      "Ce code d'enregistrement est inconnu. Vérifiez-le, ou demandez un nouveau code au siège.",
    enrolmentCodeUsed:
      "Ce code d'enregistrement a déjà servi. Demandez au siège un nouveau code pour cette caisse.",
    enrolmentCodeExpired: "Ce code d'enregistrement a expiré. Demandez-en un nouveau au siège.",
    enrolmentFailed: "Le serveur a refusé l'enregistrement. Demandez un nouveau code au siège.",
    unauthorized:
      'Votre connexion a expiré ou cette caisse n’est pas enregistrée. Reconnectez-vous.',
    forbidden: 'Votre rôle ne permet pas cette action. Demandez à un responsable ou au siège.',
    notFound: 'Le serveur ne connaît pas (plus) cet élément. Actualisez et vérifiez la saisie.',
    invalidRequest: 'Le serveur a refusé cette saisie.',
    internal:
      'Une erreur est survenue sur le serveur ; rien n’a été modifié. Réessayez dans un instant.',
    databaseUnavailable:
      'Le serveur n’atteint pas sa base de données pour le moment. Réessayez dans un instant.',
    lockedOut: 'Trop de tentatives erronées. Attendez quelques minutes, puis réessayez.',
    rateLimited: 'Trop de tentatives depuis cet endroit. Attendez une minute, puis réessayez.',
    alreadyExists: 'Un élément avec cet identifiant existe déjà. Choisissez-en un autre.',
    inUse: 'Cet élément est encore utilisé ailleurs : il ne peut pas être supprimé.',
    idMismatch: 'L’identifiant de l’adresse et celui du formulaire diffèrent. Rechargez la page.',
    unknownReference:
      'Ceci renvoie à un élément inconnu du serveur. Vérifiez les identifiants choisis.',
    invalidAmount:
      'Ce montant n’est pas valide. Utilisez des chiffres, avec au plus les décimales de la devise.',
    invalidPrice:
      'Ce prix n’est pas valide. Utilisez des chiffres, avec au plus les décimales de la devise.',
    invalidProgram: 'Le programme n’est pas valide. Vérifiez ses niveaux et ses points.',
    invalidScheme: 'L’offre n’est pas valide. Vérifiez ses lignes et ses dates.',
    invalidStore:
      'Le magasin n’est pas valide. Vérifiez la devise, le fuseau horaire et le programme.',
    invalidRewardPoint:
      'Le type de points n’est pas valide. Vérifiez son expiration et ses limites.',
    invalidSimulation:
      'Les données de simulation ne sont pas valides. Vérifiez le format du fichier.',
    invalidJournal: 'Le fichier journal n’est pas valide : il n’a pas été importé.',
    invalidFact:
      'La caisse a envoyé un enregistrement illisible pour le serveur. Prévenez le siège.',
    invalidCron: 'Ce planning n’est pas une expression cron valide.',
    invalidCardNumber: 'Ce numéro de carte n’est pas valide. Vérifiez les chiffres.',
    programRequired: 'Choisissez d’abord un programme.',
    noProgram:
      'Ce magasin n’a pas encore de programme de fidélité. Demandez au siège d’en choisir un.',
    noScheme: 'Aucune offre active ne s’applique ici.',
    unknownStore: 'Le serveur ne connaît pas ce magasin.',
    jobBusy: 'Cette tâche est déjà en cours. Attendez qu’elle se termine.',
    notRejected: 'Cet enregistrement n’est pas (ou plus) rejeté.',
    resolved: 'Ceci a déjà été traité.',
    voided: 'Ceci a déjà été annulé.',
    sameCard: 'Choisissez deux cartes différentes.',
    cardLinked: 'Cette carte appartient déjà à un client.',
    cardReplaced: 'Cette carte a été remplacée : utilisez la nouvelle carte.',
    cardNotActive: 'Cette carte est bloquée ou remplacée.',
    cardNumberRequired: 'Saisissez un numéro de carte.',
    cardNumberAmbiguous: 'Ce numéro correspond à plusieurs cartes. Saisissez le numéro complet.',
    reservedCardNumber: 'Ce numéro est réservé aux cartes émises par les caisses.',
    otherProgram: 'Cette carte appartient à un autre programme.',
    customerBlockedForEnrolment:
      'Ce client est bloqué pour l’adhésion : aucune carte ne peut être émise.',
    insufficientPoints: 'La carte n’a pas assez de points pour cela.',
    tenderTaken: 'Ces points sont déjà réservés pour un autre paiement.',
    tenderUsed: 'Ces points ont déjà servi à un paiement.',
    entryIdTaken: 'Cette écriture est déjà enregistrée.',
    factMismatch:
      'Un autre enregistrement avec le même identifiant a déjà été envoyé. Prévenez le siège.',
    capReached: 'Cette carte a atteint le maximum de points qu’elle peut gagner ici.',
    activityLimitReached: 'Ce client a atteint la limite pour cette activité.',
    awardDecided: 'Cette attribution a déjà été comptabilisée ou refusée.',
    activityEarnsNothing:
      'Cette carte ne gagne rien pour cette activité (son niveau ou ses affiliations ne donnent aucun point).',
    searchCriteriaRequired: 'Saisissez un numéro, un nom, un téléphone ou un e-mail à chercher.',
    tooManyBlocks:
      'Cette caisse a demandé trop de blocs de numéros de carte aujourd’hui. Réessayez demain, ou demandez au siège.',
    productNotPriced:
      'Ces produits n’ont pas de prix dans la devise du magasin ({{currency}}) : {{products}}. Donnez-leur d’abord un prix.',
    tooDeep: 'La requête est trop imbriquée ; le serveur l’a refusée.',
  },
  validation: {
    field: '{{field}} : {{problem}}',
    invalid: 'n’est pas valide.',
    invalid_type: 'manque ou n’est pas du bon type.',
    too_small: 'doit valoir au moins {{limit}}.',
    too_big: 'doit valoir au plus {{limit}}.',
    invalid_format: 'n’a pas le bon format.',
    invalid_value: 'n’est pas une valeur permise.',
    not_multiple_of: 'doit être un multiple entier.',
    unrecognized_keys: 'contient des champs inconnus du serveur.',
    custom: 'ne respecte pas sa règle.',
  },
  fields: {
    keys: 'Touches rapides',
    points: 'Points',
    amount: 'Montant',
    reason: 'Motif',
    quantity: 'Quantité',
    name: 'Nom',
    email: 'E-mail',
    phone: 'Téléphone',
    code: 'Code',
    pin: 'Code PIN',
    staff: 'Identifiant',
    number: 'Numéro de carte',
    price: 'Prix',
    id: 'Identifiant',
  },
};
