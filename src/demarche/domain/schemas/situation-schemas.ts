import { validateSiret } from '../../../shared/identifiers/siret.ts';
import { CONJOINT_STATUTS, OUI_NON, SITUATIONS } from '../answers.ts';
import { choice, identifier, pastDate, text } from './field-schemas.ts';
import type { PageContext } from './field-schemas.ts';
import { pageSchema, requireAfter, requireNotBefore } from './page-schema.ts';
import type { PageSchema } from './page-schema.ts';

export function situationProfessionnelleSchema(): PageSchema {
  return pageSchema('situation-professionnelle', {
    situation: choice(SITUATIONS, 'Indiquez votre situation professionnelle'),
    situationAutre: text({
      max: 500,
      missing: 'Précisez votre situation professionnelle',
      tooLong: 'La précision sur votre situation doit comporter 500 caractères au maximum',
    }),
  });
}

export function plusieursEmployeursSchema(): PageSchema {
  return pageSchema('plusieurs-employeurs', {
    plusieursEmployeurs: choice(OUI_NON, 'Indiquez si vous avez plusieurs employeurs'),
  });
}

export function employeurSchema(ctx: PageContext): PageSchema {
  return pageSchema(
    'employeur',
    {
      employeurNom: text({
        max: 100,
        missing: 'Indiquez le nom de votre employeur',
        tooLong: 'Le nom de votre employeur doit comporter 100 caractères au maximum',
      }),
      employeurAdresse: text({
        max: 250,
        missing: "Indiquez l'adresse de votre employeur",
        tooLong: "L'adresse de votre employeur doit comporter 250 caractères au maximum",
      }),
      employeurSiret: identifier(validateSiret),
      dateDebutContrat: pastDate('la date de début du contrat', ctx),
      contratTermine: choice(OUI_NON, 'Indiquez si votre contrat de travail est terminé'),
      dateFinContrat: pastDate('la date de fin du contrat', ctx),
      arretTravail: choice(OUI_NON, 'Indiquez si vous avez été en arrêt de travail'),
      dateArretTravail: pastDate("la date d'arrêt de travail", ctx),
    },
    (values, report) => {
      requireAfter(values, report, 'dateFinContrat', 'dateDebutContrat',
        'La date de fin du contrat doit être après la date de début');
      requireNotBefore(values, report, 'dateArretTravail', 'dateDebutContrat',
        "La date d'arrêt de travail ne peut pas être avant la date de début du contrat");
    },
  );
}

export function activiteNonSalarieeSchema(ctx: PageContext): PageSchema {
  return pageSchema(
    'activite-non-salariee',
    {
      dateImmatriculation: pastDate("la date d'immatriculation", ctx),
      activiteCessee: choice(OUI_NON, 'Indiquez si vous avez cessé votre activité'),
      dateCessation: pastDate("la date de cessation d'activité", ctx),
      conjointCollaborateur: choice(OUI_NON,
        "Indiquez si vous participez à l'activité en tant que conjoint du chef d'entreprise"),
      chefEntrepriseNom: text({
        max: 100,
        missing: "Indiquez le nom et le prénom du chef d'entreprise",
        tooLong: "Le nom du chef d'entreprise doit comporter 100 caractères au maximum",
      }),
      conjointStatut: choice(CONJOINT_STATUTS, 'Indiquez votre statut de conjoint'),
      conjointDateDebut: pastDate('la date de début de votre statut de conjoint', ctx),
      conjointDateFin: pastDate('la date de fin de votre statut de conjoint', ctx),
      activite: text({
        max: 200,
        missing: "Indiquez l'activité exercée",
        tooLong: "L'activité exercée doit comporter 200 caractères au maximum",
      }),
      adresseProfessionnelle: text({
        max: 250,
        missing: 'Indiquez votre adresse professionnelle',
        tooLong: 'Votre adresse professionnelle doit comporter 250 caractères au maximum',
      }),
    },
    (values, report) => {
      requireAfter(values, report, 'dateCessation', 'dateImmatriculation',
        "La date de cessation d'activité doit être après la date d'immatriculation");
      requireAfter(values, report, 'conjointDateFin', 'conjointDateDebut',
        'La date de fin de votre statut de conjoint doit être après la date de début');
    },
  );
}
