import { validateAgdref } from '../../../shared/identifiers/agdref.ts';
import { NATIONALITES, OUI_NON } from '../answers.ts';
import type { PageId } from '../answers.ts';
import { checked, choice, identifier, pastDate, pensionChoices, text } from './field-schemas.ts';
import type { PageContext } from './field-schemas.ts';
import { pageSchema, requireAfter } from './page-schema.ts';
import type { PageSchema } from './page-schema.ts';
import {
  activiteNonSalarieeSchema,
  employeurSchema,
  plusieursEmployeursSchema,
  situationProfessionnelleSchema,
} from './situation-schemas.ts';

/** One schema per page. The same schemas validate the HTML forms (once decoded) and the JSON API. */
export const pageSchemas: Record<PageId, (ctx: PageContext) => PageSchema> = {
  'informations-generales': informationsGeneralesSchema,
  coordonnees: coordonneesSchema,
  'situation-professionnelle': situationProfessionnelleSchema,
  'plusieurs-employeurs': plusieursEmployeursSchema,
  employeur: employeurSchema,
  'activite-non-salariee': activiteNonSalarieeSchema,
  'informations-complementaires': informationsComplementairesSchema,
  recapitulatif: recapitulatifSchema,
  // The files are checked by the upload route: this page has no answer of its own.
  'pieces-justificatives': () => pageSchema('pieces-justificatives', {}),
};

export function informationsGeneralesSchema(): PageSchema {
  return pageSchema('informations-generales', {
    vuMedecinConseil: choice(OUI_NON, 'Indiquez si vous avez déjà rencontré le médecin conseil'),
  });
}

export function coordonneesSchema(): PageSchema {
  return pageSchema('coordonnees', {
    nationalite: choice(NATIONALITES, 'Indiquez votre nationalité'),
    agdref: identifier(validateAgdref),
  });
}

export function informationsComplementairesSchema(ctx: PageContext): PageSchema {
  return pageSchema(
    'informations-complementaires',
    {
      accident: choice(OUI_NON, "Indiquez si votre maladie ou votre blessure résulte d'un accident"),
      dateAccident: pastDate("la date de l'accident", ctx),
      accidentTiers: choice(OUI_NON, "Indiquez si l'accident a été causé par un tiers"),
      autreRegime: choice(OUI_NON, 'Indiquez si vous avez été affilié(e) à un autre régime de sécurité sociale'),
      autreRegimeNom: text({
        max: 100,
        missing: 'Indiquez le nom du régime',
        tooLong: 'Le nom du régime doit comporter 100 caractères au maximum',
      }),
      autreRegimeDateDebut: pastDate("la date de début d'affiliation", ctx),
      autreRegimeDateFin: pastDate("la date de fin d'affiliation", ctx),
      autreRegimePension: choice(OUI_NON, 'Indiquez si ce régime vous verse une pension'),
      travailEtranger: choice(OUI_NON, "Indiquez si vous avez travaillé à l'étranger"),
      travailEtrangerDetails: text({
        max: 500,
        missing: "Indiquez les pays et les périodes de travail à l'étranger",
        tooLong: 'Les pays et les périodes de travail doivent tenir en 500 caractères au maximum',
      }),
      pensions: pensionChoices({
        missing: 'Indiquez si vous percevez déjà une pension ou une rente, ou sélectionnez « Aucune »',
        notWithAucune: 'Sélectionnez « Aucune » seule, ou une ou plusieurs pensions ou rentes, mais pas les deux',
      }),
    },
    (values, report) =>
      requireAfter(values, report, 'autreRegimeDateFin', 'autreRegimeDateDebut',
        "La date de fin d'affiliation doit être après la date de début"),
  );
}

export function recapitulatifSchema(): PageSchema {
  return pageSchema('recapitulatif', {
    attestation: checked("Cochez la case pour certifier sur l'honneur l'exactitude des informations déclarées"),
  });
}
