import type { FastifyInstance, FastifyReply } from 'fastify'
import type { Pool } from '../../platform/db/pool.ts'
import { currentAssure, currentAssureId, signedIn } from '../../platform/web/app.ts'
import { formatNir } from '../../shared/identifiers/nir.ts'
import type { AssureProfile } from '../assure-repository.ts'
import { parsePersonalInformation, type PersonalInformationField } from '../personal-information.ts'
import { savePersonalInformation } from '../save-personal-information.ts'

type FormValues = Partial<Record<PersonalInformationField, string>>

export function registerAccountRoutes(app: FastifyInstance, deps: { pool: Pool }): void {
  app.get<{ Querystring: { retour?: string; enregistre?: string } }>('/mes-informations', { preHandler: signedIn }, async (request, reply) => {
    const profile = currentAssure(request)
    return renderPage(reply, profile, {
      values: valuesOf(profile),
      retour: demarcheReturnPath(request.query.retour),
      saved: request.query.enregistre === '1',
    })
  })

  app.post<{ Body: FormValues & { retour?: string } }>('/mes-informations', { preHandler: signedIn }, async (request, reply) => {
    const assureId = currentAssureId(request)
    const form = request.body ?? {}
    const retour = demarcheReturnPath(form.retour)
    const result = parsePersonalInformation(form)
    if (!result.ok) {
      return renderPage(reply, currentAssure(request), { values: form, retour, errors: result.errors }, 400)
    }
    await savePersonalInformation(deps.pool, assureId, result.value)
    return reply.redirect(retour ?? '/mes-informations?enregistre=1', 303)
  })
}

// The « Modifier » pen of the démarche comes here and goes back to the same step: only a path of
// the démarche is followed, never another address (open redirect).
export function demarcheReturnPath(value: unknown): string | null {
  return typeof value === 'string' && /^\/demarches\/[\w\-/]*(\?[\w\-=&]*)?$/.test(value) && !value.includes('//') ? value : null
}

function valuesOf(profile: AssureProfile): FormValues {
  return {
    ligne: profile.adresse?.ligne,
    codePostal: profile.adresse?.codePostal,
    commune: profile.adresse?.commune,
    pays: profile.adresse?.pays || 'France',
    telephone: profile.telephone ?? '',
    email: profile.email ?? '',
  }
}

function renderPage(
  reply: FastifyReply,
  profile: AssureProfile,
  form: { values: FormValues; retour: string | null; saved?: boolean; errors?: { field: PersonalInformationField; message: string }[] },
  status = 200,
): FastifyReply {
  const errors = form.errors ?? []
  return reply.page('mes-informations.njk', {
    pageTitle: 'Mes informations personnelles',
    nav: 'informations',
    identity: { nir: formatNir(profile.nir), nom: profile.nom, prenoms: profile.prenoms, dateNaissance: profile.dateNaissance },
    values: form.values,
    retour: form.retour,
    saved: form.saved ?? false,
    errors: errors.map((error) => ({ text: error.message, href: `#${error.field}` })),
    fieldErrors: Object.fromEntries(errors.map((error) => [error.field, { text: error.message, visuallyHiddenText: 'Erreur' }])),
  }, status)
}
