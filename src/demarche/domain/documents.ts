import type { Answers } from './answers.ts';
import { documentKindHint, documentKindLabel } from './labels.ts';
import { pruneAnswers } from './journey.ts';

export const DOCUMENT_KINDS = [
  'avis-imposition',
  'titre-sejour',
  'notification-rente',
  'notification-pension',
  'pension-militaire',
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export type RequiredDocument = { kind: DocumentKind; label: string; hint: string; required: boolean };

/** The justificatifs the answers call for (service-public F672, « Documents à fournir »). */
export function requiredDocuments(answers: Answers): RequiredDocument[] {
  const a = pruneAnswers(answers);
  const pensions = a.pensions ?? [];
  const calledFor: Record<DocumentKind, boolean> = {
    'avis-imposition': true,
    'titre-sejour': a.nationalite === 'autre',
    'notification-rente': pensions.includes('rente-at-mp'),
    'notification-pension': pensions.includes('pension-autre-regime') || a.autreRegimePension === 'oui',
    'pension-militaire': pensions.includes('pension-militaire'),
  };
  return DOCUMENT_KINDS.filter((kind) => calledFor[kind]).map((kind) => ({
    kind,
    label: documentKindLabel[kind],
    hint: documentKindHint[kind],
    required: true,
  }));
}

/** Required kinds with no file yet: the demande cannot be sent while this is not empty. */
export function missingDocuments(answers: Answers, uploadedKinds: Iterable<DocumentKind>): RequiredDocument[] {
  const uploaded = new Set(uploadedKinds);
  return requiredDocuments(answers).filter((document) => document.required && !uploaded.has(document.kind));
}

/** What the assuré reads for a required document with no file when sending the demande. */
export function missingDocumentMessage(document: RequiredDocument): string {
  return `Ajoutez : ${document.label.charAt(0).toLowerCase()}${document.label.slice(1)}`;
}

/** Kinds of files already uploaded that the answers no longer call for: to delete, not to send. */
export function unneededDocumentKinds(answers: Answers, uploadedKinds: Iterable<DocumentKind>): DocumentKind[] {
  const needed = new Set(requiredDocuments(answers).map((document) => document.kind));
  return [...new Set(uploadedKinds)].filter((kind) => !needed.has(kind));
}
