// « Mes informations personnelles »: the contact details the assuré may change. One schema checks
// the form and gives the values as they are stored.
import { z } from 'zod'
import type { Adresse } from './assure-repository.ts'
import { isTypedText, UNTYPED_TEXT_MESSAGE } from '../shared/text.ts'

export const MAX_EMAIL_LENGTH = 254

// Overseas départements dial their own country code; their national numbers start with 0 too.
const FRENCH_COUNTRY_CODES = ['33', '262', '590', '594', '596']

// A French number as 10 digits starting with 0, or +33 (or an overseas code) without that 0;
// spaces, dots, hyphens and « (0) » allowed. Answers it as « 06 12 34 56 78 », or null.
export function normalizeFrenchPhone(raw: string): string | null {
  const compact = raw.replace(/[\s.\-]/g, '').replace('(0)', '')
  const international = /^(?:\+|00)(\d{2,3})([1-9]\d{8})$/.exec(compact)
  const national = international && FRENCH_COUNTRY_CODES.includes(international[1]!) ? `0${international[2]}` : compact
  if (!/^0[1-9]\d{8}$/.test(national)) return null
  return national.replace(/(\d{2})(?=\d)/g, '$1 ')
}

const isFrance = (pays: string) => pays.toLowerCase() === 'france'

const PHONE_MESSAGE = 'Saisissez un numéro de téléphone français de 10 chiffres commençant par 0 (par exemple 06 12 34 56 78) ou par +33 (par exemple +33 6 12 34 56 78).'

const text = (missing: string, max: number, tooLong: string) => z.string({ error: missing }).trim().min(1, missing).max(max, tooLong).refine(isTypedText, UNTYPED_TEXT_MESSAGE)

export const personalInformationSchema = z
  .object({
    ligne: text("Saisissez le numéro et le nom de la voie de votre adresse, par exemple « 14 rue Gabriel Péri ».", 200, "L'adresse doit faire 200 caractères au plus."),
    codePostal: z.string({ error: 'Saisissez le code postal.' }).trim().min(1, 'Saisissez le code postal.'),
    commune: text('Saisissez la commune.', 100, 'La commune doit faire 100 caractères au plus.'),
    pays: z
      .string({ error: 'Saisissez le pays, ou laissez « France ».' })
      .trim()
      .max(60, 'Le pays doit faire 60 caractères au plus.')
      .refine(isTypedText, UNTYPED_TEXT_MESSAGE)
      .optional()
      .transform((pays) => (!pays || isFrance(pays) ? 'France' : pays)),
    telephone: z
      .string({ error: PHONE_MESSAGE })
      .optional()
      .transform((value, context) => {
        if (!value?.trim()) return ''
        const phone = normalizeFrenchPhone(value)
        if (phone) return phone
        context.addIssue({ code: 'custom', message: PHONE_MESSAGE })
        return z.NEVER
      }),
    email: z
      .string({ error: 'Saisissez votre adresse e-mail.' })
      .trim()
      .min(1, "Saisissez votre adresse e-mail : elle sert à vous prévenir de l'arrivée d'un nouveau message.")
      .max(MAX_EMAIL_LENGTH, `L'adresse e-mail doit faire ${MAX_EMAIL_LENGTH} caractères au plus.`)
      .pipe(z.email("Saisissez une adresse e-mail valide, avec un @ et un nom de domaine, par exemple nom@exemple.fr.")),
  })
  // Checked even when other fields are wrong, so that every error shows at once.
  .superRefine(
    (form, context) => {
      const pays = typeof form.pays === 'string' ? form.pays : 'France'
      const codePostal = typeof form.codePostal === 'string' ? form.codePostal : ''
      const valid = isFrance(pays) ? /^\d{5}$/.test(codePostal) : /^[A-Za-z0-9 -]{2,12}$/.test(codePostal)
      if (codePostal && !valid) {
        context.addIssue({
          code: 'custom',
          path: ['codePostal'],
          message: isFrance(pays) ? 'Le code postal comporte 5 chiffres, par exemple 93200.' : 'Le code postal comporte de 2 à 12 lettres ou chiffres.',
        })
      }
    },
    { when: () => true },
  )

export type PersonalInformationField = 'ligne' | 'codePostal' | 'commune' | 'pays' | 'telephone' | 'email'

// An empty téléphone is stored as '': the assuré chose to give none, which wins over the claims.
export type PersonalInformation = { adresse: Adresse; telephone: string; email: string }

export type PersonalInformationResult =
  | { ok: true; value: PersonalInformation }
  | { ok: false; errors: { field: PersonalInformationField; message: string }[] }

const FIELD_ORDER: PersonalInformationField[] = ['ligne', 'codePostal', 'commune', 'pays', 'telephone', 'email']

// One error per field, in the order of the page.
export function parsePersonalInformation(form: unknown): PersonalInformationResult {
  const parsed = personalInformationSchema.safeParse(form)
  if (parsed.success) {
    const { ligne, codePostal, commune, pays, telephone, email } = parsed.data
    return { ok: true, value: { adresse: { ligne, codePostal, commune, pays }, telephone, email } }
  }
  const errors = FIELD_ORDER.flatMap((field) => {
    const issue = parsed.error.issues.find((candidate) => candidate.path[0] === field)
    return issue ? [{ field, message: issue.message }] : []
  })
  return { ok: false, errors }
}
