import type { Queryable } from '../platform/db/pool.ts'
import type { AssureClaims } from './oidc-relying-party.ts'

export type Adresse = { ligne: string; codePostal: string; commune: string; pays: string }

export type AssureProfile = {
  id: string
  nir: string
  nom: string
  prenoms: string
  dateNaissance: string
  caisseCode: string
  email: string | null
  telephone: string | null
  adresse: Adresse | null
}

// The provider's claims are refreshed at each sign-in; what the assuré changed in « Mes
// informations personnelles » stays in its own columns and wins.
export async function upsertAssureFromClaims(db: Queryable, claims: AssureClaims): Promise<string> {
  const adresse = claims.address
    ? { ligne: claims.address.street_address ?? '', codePostal: claims.address.postal_code ?? '', commune: claims.address.locality ?? '', pays: claims.address.country ?? 'France' }
    : null
  const { rows } = await db.query<{ id: string }>(
    `insert into assure (oidc_subject, nir, nom, prenoms, date_naissance, caisse_code, claimed_email, claimed_telephone, claimed_adresse)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     on conflict (oidc_subject) do update set
       nir = excluded.nir, nom = excluded.nom, prenoms = excluded.prenoms, date_naissance = excluded.date_naissance,
       caisse_code = excluded.caisse_code, claimed_email = excluded.claimed_email,
       claimed_telephone = excluded.claimed_telephone, claimed_adresse = excluded.claimed_adresse, updated_at = now()
     returning id`,
    [claims.sub, claims.nir.replaceAll(' ', '').toUpperCase(), claims.family_name, claims.given_name, claims.birthdate, claims.caisse,
      claims.email ?? null, claims.phone_number ?? null, adresse && JSON.stringify(adresse)],
  )
  return rows[0]!.id
}

/** The columns of an AssureProfile, read from the assure table under the given alias. */
export function assureProfileColumns(alias: string): string {
  return `${alias}.id, ${alias}.nir, ${alias}.nom, ${alias}.prenoms, ${alias}.date_naissance as "dateNaissance", ${alias}.caisse_code as "caisseCode",
    coalesce(${alias}.email, ${alias}.claimed_email) as email, coalesce(${alias}.telephone, ${alias}.claimed_telephone) as telephone,
    coalesce(${alias}.adresse, ${alias}.claimed_adresse) as adresse`
}

export async function findAssureProfile(db: Queryable, assureId: string): Promise<AssureProfile> {
  const { rows } = await db.query<AssureProfile>(`select ${assureProfileColumns('a')} from assure a where a.id = $1`, [assureId])
  if (!rows[0]) throw new Error('assuré not found')
  return rows[0]
}
