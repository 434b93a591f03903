import type { Queryable } from '../platform/db/pool.ts'
import type { PersonalInformation } from './personal-information.ts'

// Written into the assuré's own columns, which win over the provider's claims at every sign-in.
export async function savePersonalInformation(db: Queryable, assureId: string, information: PersonalInformation): Promise<void> {
  await db.query(
    `update assure set adresse = $2, telephone = $3, email = $4, updated_at = now() where id = $1`,
    [assureId, JSON.stringify(information.adresse), information.telephone, information.email],
  )
}
