// The web service as its own process, for crash-service.test.ts: built as the other integration
// tests build it (testServiceDeps: sessions in the database, no identity provider), on
// DATABASE_URL and PORT, with the failpoints that FAILPOINTS arms. Listens when told (crash-child.ts).
import { createPool } from '../../src/platform/db/pool.ts'
import { createService } from '../../src/service.ts'
import { testServiceDeps } from './sign-in.ts'
import { startWhenTold } from './crash-child.ts'

const env = process.env
const pool = createPool(env.DATABASE_URL!, 8)
const app = await createService(testServiceDeps(pool, { logStream: process.stderr }))
await startWhenTold(async () => void (await app.listen({ host: '127.0.0.1', port: Number(env.PORT) })))
