import { readConfig } from '../config.ts'
import { openDatabase } from './open-database.ts'
import { migrate } from './migrate.ts'

const config = readConfig()
const database = await openDatabase(config)
try {
  const applied = await migrate(database.pool)
  console.log(applied.length ? `Migrations appliquées : ${applied.join(', ')}` : 'La base est à jour.')
} finally {
  await database.close()
}
