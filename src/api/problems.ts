// What the JSON API answers when it does not do what was asked: a problem (RFC 9457) whose title
// and detail are French, as the web pages' messages are, and whose type names it for the app.
import type { FastifyReply } from 'fastify'
import type { HorsTeleservice, PageId } from '../demarche/domain/answers.ts'
import { pageTitle } from '../demarche/domain/labels.ts'
import type { Problem } from './schemas.ts'

export const PROBLEM_MEDIA_TYPE = 'application/problem+json'

export type ProblemInit = Omit<Problem, 'type'> & { slug: string }

export function sendProblem(reply: FastifyReply, { slug, ...problem }: ProblemInit): FastifyReply {
  return reply.code(problem.status).type(`${PROBLEM_MEDIA_TYPE}; charset=utf-8`).send({ type: `urn:invalidite-en-ligne:probleme:${slug}`, ...problem })
}

export type FieldProblem = { field: string | null; message: string }

export const problems = {
  tokenMissing: (): ProblemInit => ({
    slug: 'authentification-requise', status: 401, title: 'Authentification requise',
    detail: "Présentez le jeton d'accès de votre compte ameli dans l'en-tête « Authorization: Bearer ».",
  }),
  tokenRefused: (): ProblemInit => ({
    slug: 'jeton-invalide', status: 401, title: 'Jeton invalide ou expiré',
    detail: "Ce jeton d'accès n'est pas ou plus valable : reconnectez-vous à votre compte ameli.",
  }),
  notAnAssure: (): ProblemInit => ({
    slug: 'compte-non-assure', status: 403, title: 'Ce compte ne donne pas accès au service',
    detail: "Connectez-vous avec votre compte ameli d'assuré(e).",
  }),
  identityProviderUnavailable: (): ProblemInit => ({
    slug: 'fournisseur-identite-indisponible', status: 503, title: "Connexion au compte ameli momentanément impossible",
    detail: "Votre jeton d'accès n'a pas pu être vérifié. Réessayez dans quelques minutes.",
  }),
  notFound: (detail: string): ProblemInit => ({ slug: 'introuvable', status: 404, title: 'Introuvable', detail }),
  noDraft: (): ProblemInit => ({
    slug: 'aucune-demande-en-cours', status: 404, title: 'Aucune demande en cours',
    detail: "Vous n'avez pas de demande de pension d'invalidité en cours : commencez-en une.",
  }),
  alreadySent: (demandeId: string): ProblemInit => ({
    slug: 'demande-deja-envoyee', status: 409, title: 'Demande déjà envoyée', demandeId,
    detail: "Votre demande a déjà été envoyée : elle n'est plus modifiable. Vous pourrez en faire une nouvelle lorsqu'elle aura reçu une réponse.",
  }),
  notReachable: (currentPage: PageId | HorsTeleservice): ProblemInit => ({
    slug: 'etape-pas-encore-accessible', status: 409, title: 'Étape pas encore accessible', currentPage,
    detail: `Répondez d'abord aux étapes précédentes : reprenez à l'étape « ${pageTitle[currentPage]} ».`,
  }),
  invalidAnswers: (errors: FieldProblem[]): ProblemInit => ({
    slug: 'reponses-invalides', status: 422, title: 'Réponses à corriger', errors,
    detail: "Corrigez les réponses signalées : rien n'a été enregistré.",
  }),
  refusedFiles: (errors: FieldProblem[]): ProblemInit => ({
    slug: 'fichiers-refuses', status: 422, title: 'Fichiers refusés', errors,
    detail: "Aucun fichier de cet envoi n'a été enregistré.",
  }),
  incomplete: (currentPage: PageId | HorsTeleservice): ProblemInit => ({
    slug: 'demande-incomplete', status: 422, title: 'Demande incomplète', currentPage,
    detail: `Votre demande n'est pas complète : reprenez à l'étape « ${pageTitle[currentPage]} ».`,
  }),
  missingDocuments: (errors: FieldProblem[]): ProblemInit => ({
    slug: 'justificatifs-manquants', status: 422, title: 'Justificatifs manquants', errors, currentPage: 'pieces-justificatives',
    detail: "Ajoutez les justificatifs demandés avant d'envoyer votre demande.",
  }),
  idempotencyKeyMissing: (): ProblemInit => ({
    slug: 'cle-idempotence-requise', status: 400, title: 'En-tête Idempotency-Key requis',
    detail: "Envoyez un en-tête « Idempotency-Key » (par exemple un UUID tiré pour cet envoi, de 1 à 255 caractères) : renvoyée avec la même clé, la requête donne la même réponse sans envoyer une deuxième demande.",
  }),
  idempotencyKeyReused: (): ProblemInit => ({
    slug: 'cle-idempotence-deja-utilisee', status: 422, title: 'Clé Idempotency-Key déjà utilisée',
    detail: 'Cette clé a déjà servi pour une autre requête : tirez-en une nouvelle.',
  }),
  badRequest: (detail: string): ProblemInit => ({ slug: 'requete-incorrecte', status: 400, title: 'Requête incorrecte', detail }),
  unsupportedMediaType: (): ProblemInit => ({
    slug: 'type-de-contenu-non-pris-en-charge', status: 415, title: 'Type de contenu non pris en charge',
    detail: 'Envoyez les réponses en « application/json », les fichiers en « multipart/form-data ».',
  }),
  tooLarge: (): ProblemInit => ({
    slug: 'requete-trop-volumineuse', status: 413, title: 'Requête trop volumineuse',
    detail: 'Chaque fichier doit peser 10 Mo au plus, les réponses 1 Mo. Réduisez le fichier (photo moins lourde, PDF compressé) puis recommencez.',
  }),
  tooManyRequests: (): ProblemInit => ({
    slug: 'trop-de-requetes', status: 429, title: 'Trop de requêtes',
    detail: "Vous avez fait trop de requêtes en peu de temps. Patientez une minute puis réessayez.",
  }),
  unavailable: (): ProblemInit => ({
    slug: 'service-indisponible', status: 503, title: 'Service momentanément indisponible',
    detail: 'Vos réponses déjà enregistrées sont conservées. Réessayez dans quelques minutes.',
  }),
  serverError: (): ProblemInit => ({
    slug: 'erreur-interne', status: 500, title: 'Désolé, le service rencontre un problème',
    detail: 'Vos réponses déjà enregistrées sont conservées. Réessayez dans quelques minutes.',
  }),
}
