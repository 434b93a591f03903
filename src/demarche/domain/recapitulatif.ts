import { formatFrenchDate, parseLocalDate } from '../../shared/dates.ts';
import { formatNir } from '../../shared/identifiers/nir.ts';
import { DATE_FIELDS } from './answers.ts';
import type { AnswerField, Answers, PageId } from './answers.ts';
import { fieldsInPlay } from './branches.ts';
import { pagesFor, pruneAnswers } from './journey.ts';
import { fieldLabel, fieldOptions, identityLabel, NOT_GIVEN, pageTitle } from './labels.ts';

/** The assuré as the account knows them: read-only in the démarche. */
export type RecapIdentity = {
  nir: string;
  nom: string;
  prenoms: string;
  dateNaissance: string;
  adresse: { ligne: string; codePostal: string; commune: string; pays: string } | null;
  telephone: string | null;
  email: string | null;
};

/** `value` may hold line breaks (an address, several pensions). */
export type RecapRow = { key: string; label: string; value: string };
/** `page` is where « Modifier » leads. */
export type RecapSection = { title: string; page: PageId; rows: RecapRow[] };

/** One section per page of the path, each with only the answers of the branches taken. */
export function recapitulatifSections(answers: Answers, identity: RecapIdentity): RecapSection[] {
  const kept = pruneAnswers(answers);
  return pagesFor(kept)
    .filter((page) => page !== 'recapitulatif' && page !== 'pieces-justificatives')
    .map((page) => ({
      title: pageTitle[page],
      page,
      rows: [
        ...(page === 'coordonnees' ? identityRows(identity) : []),
        ...fieldsInPlay(page, kept).map((field) => answerRow(field, kept[field])),
      ],
    }));
}

/** An answer in words, as the assuré chose it: « Oui », « 3 mars 2024 », the option's label. */
export function formatAnswer(field: AnswerField, value: string | readonly string[]): string {
  const options = fieldOptions[field];
  if (typeof value !== 'string') return value.map((item) => options?.[item] ?? item).join('\n');
  if (DATE_FIELDS.has(field)) return frenchDateOrAsIs(value);
  return options?.[value] ?? value;
}

/** One answer with its label; an optional field left empty reads « Non renseigné ». */
export function answerRow(field: AnswerField, value: Answers[AnswerField]): RecapRow {
  return { key: field, label: fieldLabel[field], value: value === undefined ? NOT_GIVEN : formatAnswer(field, value) };
}

/** The assuré's identity as the account gives it, read-only in the démarche. */
export function identityRows(identity: RecapIdentity): RecapRow[] {
  const row = (key: keyof RecapIdentity, value: string | null): RecapRow => ({
    key,
    label: identityLabel[key],
    value: value || NOT_GIVEN,
  });
  return [
    row('nir', formatNir(identity.nir)),
    row('nom', identity.nom),
    row('prenoms', identity.prenoms),
    row('dateNaissance', frenchDateOrAsIs(identity.dateNaissance)),
    row('adresse', identity.adresse && addressLines(identity.adresse)),
    row('telephone', identity.telephone),
    row('email', identity.email),
  ];
}

function addressLines(adresse: NonNullable<RecapIdentity['adresse']>): string {
  const lines = [adresse.ligne, `${adresse.codePostal} ${adresse.commune}`.trim()];
  if (adresse.pays && adresse.pays.toLowerCase() !== 'france') lines.push(adresse.pays);
  return lines.filter((line) => line !== '').join('\n');
}

function frenchDateOrAsIs(value: string): string {
  const date = parseLocalDate(value);
  return date ? formatFrenchDate(date) : value;
}
