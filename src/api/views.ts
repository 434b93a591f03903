// The bodies of the JSON API made from what the démarche and the messagerie hold; each view's type
// comes from its schema (schemas.ts), so a view cannot drift from the document.
import { HORS_TELESERVICE, pageFields, type Answers, type HorsTeleservice, type PageId } from '../demarche/domain/answers.ts'
import { firstIncompletePage, isPageComplete, isReadyToSubmit, pagesFor, previousPage, stepOf } from '../demarche/domain/journey.ts'
import { requiredDocuments } from '../demarche/domain/documents.ts'
import { demandeStateLabel } from '../demarche/domain/demande-state.ts'
import { identityRows, recapitulatifSections, type RecapIdentity } from '../demarche/domain/recapitulatif.ts'
import {
  attestationNotice, CERFA_S4150_URL, fieldHint, fieldLabel, fieldOptions, fileFormatHint, horsTeleservice, nextStepsFor, pageTitle,
} from '../demarche/domain/labels.ts'
import { MAX_FILES_PER_DOCUMENT } from '../demarche/application/add-documents.ts'
import type { Demande, DemandeDocument } from '../demarche/infrastructure/demande-repository.ts'
import type { MessageDetail, MessageSummary } from '../messagerie/message-repository.ts'
import type {
  AccuseDeReception, AnswerPage, Documents, Draft, MesDemarches, Message, Messages, PageView, Recapitulatif, SavedPage,
} from './schemas.ts'

export function mesDemarchesView(demandes: readonly Demande[]): MesDemarches {
  return {
    demandes: demandes.map((demande) => ({
      id: demande.id,
      numero: demande.numero,
      state: demande.state,
      stateLabel: demandeStateLabel[demande.state],
      receivedAt: demande.receivedAt?.toISOString() ?? null,
      answerDueOn: demande.answerDueOn,
    })),
  }
}

export function draftView(draft: Demande): Draft {
  const path = pagesFor(draft.answers)
  const currentPage = firstIncompletePage(draft.answers)
  return {
    id: draft.id,
    currentPage,
    readyToSubmit: isReadyToSubmit(draft.answers),
    path: path.map((page) => ({ page, title: pageTitle[page], step: stepOf(page), complete: isPageComplete(draft.answers, page) })),
    answers: Object.fromEntries(path.filter(isAnswerPage).map((page) => [page, answersOfPage(page, draft.answers)])),
    ...(currentPage === HORS_TELESERVICE && {
      horsTeleservice: { paragraphs: [...horsTeleservice.paragraphs], cerfaUrl: CERFA_S4150_URL, cerfaLinkText: horsTeleservice.cerfaLinkText },
    }),
  }
}

export function pageView(page: AnswerPage, answers: Answers, identity: RecapIdentity): PageView {
  return {
    page,
    title: pageTitle[page],
    step: stepOf(page),
    previousPage: previousPage(answers, page),
    fields: pageFields[page].map((name) => {
      const options = fieldOptions[name]
      return {
        name,
        label: fieldLabel[name],
        ...(fieldHint[name] && { hint: fieldHint[name] }),
        ...(options && { options: Object.entries(options).map(([value, label]) => ({ value, label })) }),
      }
    }),
    answers: answersOfPage(page, answers),
    ...(page === 'informations-generales' && answers.vuMedecinConseil && { nextSteps: [...nextStepsFor(answers.vuMedecinConseil)] }),
    ...(page === 'coordonnees' && { identity: identityRows(identity) }),
  }
}

export function savedPageView(page: AnswerPage, answers: Answers, nextPage: PageId | HorsTeleservice): SavedPage {
  return { page, answers: answersOfPage(page, answers), nextPage, readyToSubmit: isReadyToSubmit(answers) }
}

export function recapitulatifView(answers: Answers, identity: RecapIdentity): Recapitulatif {
  return {
    sections: recapitulatifSections(answers, identity),
    attestation: { label: fieldLabel.attestation, notice: attestationNotice, given: answers.attestation === 'oui' },
  }
}

export function documentsView(answers: Answers, files: readonly DemandeDocument[]): Documents {
  return {
    documents: requiredDocuments(answers).map((document) => ({
      ...document,
      files: files.filter((file) => file.kind === document.kind).map(({ id, displayName, mediaType, byteSize }) => ({ id, displayName, mediaType, byteSize })),
    })),
    fileFormatHint,
    maxFilesPerDocument: MAX_FILES_PER_DOCUMENT,
  }
}

export function accuseDeReceptionView(demande: Demande, messageId: string | null): AccuseDeReception {
  return {
    demandeId: demande.id,
    numero: demande.numero!,
    receivedAt: demande.receivedAt!.toISOString(),
    answerDueOn: demande.answerDueOn!,
    nextSteps: [...nextStepsFor(demande.answers.vuMedecinConseil ?? 'non')],
    messageId,
  }
}

export function messagesView(messages: readonly MessageSummary[]): Messages {
  return {
    unread: messages.filter((message) => message.unread).length,
    messages: messages.map((message) => ({ ...message, createdAt: message.createdAt.toISOString() })),
  }
}

export function messageView(message: MessageDetail): Message {
  const { unread, ...rest } = message
  return {
    ...rest,
    createdAt: message.createdAt.toISOString(),
    replies: message.replies.map((reply) => ({ id: reply.id, createdAt: reply.createdAt.toISOString() })),
  }
}

function isAnswerPage(page: PageId): page is AnswerPage {
  return page !== 'pieces-justificatives'
}

function answersOfPage(page: AnswerPage, answers: Answers): Partial<Answers> {
  return Object.fromEntries(pageFields[page].filter((field) => answers[field] !== undefined).map((field) => [field, answers[field]]))
}
