// One typed reading of the environment, checked at start-up: the service refuses to start with a
// readable list of what is wrong rather than failing later on a missing setting.
import { join, resolve } from 'node:path'
import { z } from 'zod'
import type { OidcClient } from '../identity/relying-parties.ts'
import { isAddressOrBlock, KIOSK_DEFAULTS, type KioskSettings } from './web/kiosk.ts'

const port = z.coerce.number().int().min(0).max(65535)
const optionalUrl = z.url().optional()

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    HOST: z.string().default('127.0.0.1'),
    PORT: port.default(3000),
    PUBLIC_URL: optionalUrl,
    DATA_DIR: z.string().default('./data'),
    DATABASE_URL: optionalUrl,
    EMBEDDED_PG_PORT: port.default(54329),
    OIDC_ISSUER: optionalUrl,
    OIDC_CLIENT_ID: z.string().optional(),
    OIDC_CLIENT_SECRET: z.string().optional(),
    // The clients (the mobile application) whose access tokens the JSON API honours.
    API_CLIENT_IDS: z.string().default('invalidite-mobile').transform((list) => list.split(',').map((entry) => entry.trim()).filter(Boolean)),
    AGENT_OIDC_ISSUER: optionalUrl,
    AGENT_OIDC_CLIENT_ID: z.string().optional(),
    AGENT_OIDC_CLIENT_SECRET: z.string().optional(),
    DEMO_IDP_PORT: port.optional(),
    SESSION_SECRET: z.string().min(32, 'SESSION_SECRET doit compter au moins 32 caractères').optional(),
    SESSION_IDLE_MINUTES: z.coerce.number().int().positive().default(30),
    KIOSK_ADDRESSES: z.string().default('').transform((list) => list.split(',').map((entry) => entry.trim()).filter(Boolean)),
    KIOSK_IDLE_SECONDS: z.coerce.number().int().min(2).default(KIOSK_DEFAULTS.idleSeconds),
    KIOSK_WARNING_SECONDS: z.coerce.number().int().positive().optional(),
    SMTP_URL: optionalUrl,
    MAIL_FROM: z.string().default('Invalidité en ligne <ne-pas-repondre@invalidite.example.fr>'),
    WORKER: z.enum(['embedded', 'off']).default('embedded'),
    // Jobs a worker process runs at once (Cerfa, GED deposits, e-mails).
    WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
    GED_ADAPTER: z.enum(['hot-folder', 'http']).default('hot-folder'),
    GED_DIR: z.string().optional(),
    GED_URL: optionalUrl,
    GED_TOKEN: z.string().optional(),
    // Abandoned drafts are deleted after this many days without change (a warning 14 days before).
    DRAFT_RETENTION_DAYS: z.coerce.number().int().min(15).default(183),
    // Uploaded files leave the service's storage this many days after the GED confirmed them.
    FILE_RETENTION_AFTER_GED_DAYS: z.coerce.number().int().min(0).default(30),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  })
  .superRefine((env, ctx) => {
    if (env.OIDC_ISSUER && (!env.OIDC_CLIENT_ID || !env.OIDC_CLIENT_SECRET)) {
      ctx.addIssue({ code: 'custom', path: ['OIDC_CLIENT_ID'], message: 'OIDC_ISSUER est défini : OIDC_CLIENT_ID et OIDC_CLIENT_SECRET sont requis' })
    }
    if (env.AGENT_OIDC_ISSUER && (!env.AGENT_OIDC_CLIENT_ID || !env.AGENT_OIDC_CLIENT_SECRET)) {
      ctx.addIssue({ code: 'custom', path: ['AGENT_OIDC_CLIENT_ID'], message: 'AGENT_OIDC_ISSUER est défini : AGENT_OIDC_CLIENT_ID et AGENT_OIDC_CLIENT_SECRET sont requis' })
    }
    if (Boolean(env.OIDC_ISSUER) !== Boolean(env.AGENT_OIDC_ISSUER)) {
      ctx.addIssue({ code: 'custom', path: ['AGENT_OIDC_ISSUER'], message: "OIDC_ISSUER (assurés) et AGENT_OIDC_ISSUER (agents) vont ensemble : sans eux, le fournisseur de démonstration sert les deux" })
    }
    if (env.GED_ADAPTER === 'http' && (!env.GED_URL || !env.GED_TOKEN)) {
      ctx.addIssue({ code: 'custom', path: ['GED_URL'], message: 'GED_ADAPTER=http : GED_URL (adresse du service de dépôt) et GED_TOKEN (son jeton) sont requis' })
    }
    const notAddresses = env.KIOSK_ADDRESSES.filter((entry) => !isAddressOrBlock(entry))
    if (notAddresses.length > 0) {
      ctx.addIssue({ code: 'custom', path: ['KIOSK_ADDRESSES'], message: `${notAddresses.map((entry) => `« ${entry} »`).join(', ')} : ni une adresse IP ni un bloc CIDR (par exemple 10.75.12.40 ou 10.75.12.0/24), séparés par des virgules` })
    }
    if (env.KIOSK_WARNING_SECONDS !== undefined && env.KIOSK_WARNING_SECONDS >= env.KIOSK_IDLE_SECONDS) {
      ctx.addIssue({ code: 'custom', path: ['KIOSK_WARNING_SECONDS'], message: `l'avertissement doit précéder la déconnexion : moins de KIOSK_IDLE_SECONDS (${env.KIOSK_IDLE_SECONDS})` })
    }
    if (env.NODE_ENV === 'production' && !env.SESSION_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['SESSION_SECRET'], message: 'requis en production (partagé par toutes les instances)' })
    }
  })

export type Config = Readonly<{
  env: 'development' | 'production' | 'test'
  host: string
  port: number
  publicUrl: string | undefined
  dataDir: string
  databaseUrl: string | undefined
  embeddedPgPort: number
  oidc: { assure: OidcClient; agent: OidcClient } | undefined
  apiClientIds: string[]
  demoIdpPort: number
  sessionSecret: string | undefined
  sessionIdleMinutes: number
  kiosk: KioskSettings
  smtpUrl: string | undefined
  mailFrom: string
  worker: 'embedded' | 'off'
  workerConcurrency: number
  ged: GedConfig
  logLevel: string
  draftRetentionDays: number
  fileRetentionAfterGedDays: number
}>

export type GedConfig = { adapter: 'hot-folder'; dir: string } | { adapter: 'http'; url: string; token: string }

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable counts as unset (as `VAR= npm start` means).
  const parsed = schema.safeParse(Object.fromEntries(Object.entries(env).filter(([, value]) => value !== '')))
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  - ${issue.path.join('.')}: ${issue.message}`)
    throw new ConfigError(`Configuration invalide :\n${lines.join('\n')}`)
  }
  const e = parsed.data
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    publicUrl: e.PUBLIC_URL?.replace(/\/$/, ''),
    dataDir: resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    embeddedPgPort: e.EMBEDDED_PG_PORT,
    oidc: e.OIDC_ISSUER && e.AGENT_OIDC_ISSUER
      ? {
          assure: { issuer: e.OIDC_ISSUER, clientId: e.OIDC_CLIENT_ID!, clientSecret: e.OIDC_CLIENT_SECRET! },
          agent: { issuer: e.AGENT_OIDC_ISSUER, clientId: e.AGENT_OIDC_CLIENT_ID!, clientSecret: e.AGENT_OIDC_CLIENT_SECRET! },
        }
      : undefined,
    apiClientIds: e.API_CLIENT_IDS,
    demoIdpPort: e.DEMO_IDP_PORT ?? (e.PORT === 0 ? 0 : e.PORT + 1),
    sessionSecret: e.SESSION_SECRET,
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    kiosk: {
      addresses: e.KIOSK_ADDRESSES,
      idleSeconds: e.KIOSK_IDLE_SECONDS,
      // A minute's warning, or half the idle time when that is shorter.
      warningSeconds: e.KIOSK_WARNING_SECONDS ?? Math.min(KIOSK_DEFAULTS.warningSeconds, Math.floor(e.KIOSK_IDLE_SECONDS / 2)),
    },
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    worker: e.WORKER,
    workerConcurrency: e.WORKER_CONCURRENCY,
    ged: e.GED_ADAPTER === 'http'
      ? { adapter: 'http', url: e.GED_URL!, token: e.GED_TOKEN! }
      : { adapter: 'hot-folder', dir: resolve(e.GED_DIR ?? join(e.DATA_DIR, 'ged')) },
    logLevel: e.LOG_LEVEL,
    draftRetentionDays: e.DRAFT_RETENTION_DAYS,
    fileRetentionAfterGedDays: e.FILE_RETENTION_AFTER_GED_DAYS,
  }
}

export class ConfigError extends Error {}

// Entry points print the list of problems and stop, rather than a stack trace.
export function readConfigOrExit(): Config {
  try {
    return readConfig()
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    console.error(error.message)
    process.exit(1)
  }
}
