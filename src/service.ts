// Composition of the service: the web edge, each capability's routes, and the job handlers.
import type { FastifyInstance } from 'fastify'
import type { TaskList } from 'graphile-worker'
import type { Pool } from './platform/db/pool.ts'
import type { Mailer } from './platform/mail/mailer.ts'
import { createWebApp } from './platform/web/app.ts'
import { purgeExpiredSessions } from './platform/web/session-store.ts'
import type { RelyingParty, UserInfoEndpoint } from './identity/oidc-relying-party.ts'
import { registerSignInRoutes } from './identity/web/sign-in-routes.ts'
import { registerHomeRoutes } from './platform/web/home-routes.ts'
import { KIOSK_DEFAULTS, type KioskSettings } from './platform/web/kiosk.ts'
import { registerKioskRoutes } from './platform/web/kiosk-routes.ts'
import { registerInstallableApp } from './platform/web/installable-app.ts'
import { registerMessagerieRoutes } from './messagerie/web/routes.ts'
import { createSendMessageNotificationTask } from './messagerie/send-message-notification.ts'
import { createGenerateCerfaTask } from './documents/cerfa/generate-cerfa-job.ts'
import { registerAccountRoutes } from './identity/web/account-routes.ts'
import { registerDemarcheRoutes } from './demarche/web/routes.ts'
import { registerApiRoutes } from './api/routes.ts'
import type { GedAdapter } from './documents/ged/ged-port.ts'
import { createDepositInGedTask } from './documents/ged/deposit-job.ts'
import { registerAgentSignInRoutes } from './identity/web/agent-sign-in-routes.ts'
import { registerBackOfficeHome } from './instruction/web/back-office.ts'
import { registerQueueRoutes } from './instruction/web/queue-routes.ts'
import { registerFrontOfficeRoutes } from './instruction/web/front-office-routes.ts'
import { registerDashboardRoutes } from './instruction/web/dashboard-routes.ts'
import { registerActionRoutes } from './instruction/web/action-routes.ts'
import { CONSTATER_REJETS_IMPLICITES, createConstaterRejetsImplicitesTask } from './instruction/application/constater-rejets-implicites.ts'
import { checkOrphanDeposits } from './documents/ged/orphan-deposits.ts'
import { checkAuditChain } from './instruction/audit-log.ts'
import { createPurgeDraftsTask, PURGER_BROUILLONS } from './demarche/application/purge-drafts.ts'
import { createPurgeDepositedFilesTask, PURGER_FICHIERS_DEPOSES } from './documents/ged/purge-deposited-files.ts'

export type ServiceDeps = {
  pool: Pool
  relyingParty: RelyingParty
  agentRelyingParty: RelyingParty
  /** The assurés' identity provider, which judges the bearer tokens of the JSON API. */
  assureUserInfo: UserInfoEndpoint
  mailer: Mailer
  publicUrl: string
  sessionSecret: string
  sessionIdleMinutes: number
  /** The bornes (BMS): their addresses and idle time-out; none by default. */
  kiosk?: KioskSettings
  identityProviderOrigins: string[]
  logLevel: string
  /** Where the web app's log lines go: standard output unless given. */
  logStream?: { write(line: string): void }
  now: () => Date
}

export async function createService(deps: ServiceDeps): Promise<FastifyInstance> {
  const app = await createWebApp({
    pool: deps.pool,
    publicUrl: deps.publicUrl,
    sessionSecret: deps.sessionSecret,
    sessionIdleMinutes: deps.sessionIdleMinutes,
    kiosk: deps.kiosk ?? KIOSK_DEFAULTS,
    formActionOrigins: deps.identityProviderOrigins,
    logLevel: deps.logLevel,
    logStream: deps.logStream,
  })
  registerHomeRoutes(app, deps)
  registerKioskRoutes(app)
  registerInstallableApp(app)
  registerSignInRoutes(app, deps)
  registerMessagerieRoutes(app, deps)
  registerAccountRoutes(app, deps)
  registerDemarcheRoutes(app, deps)
  registerApiRoutes(app, deps)
  registerAgentSignInRoutes(app, deps)
  registerBackOfficeHome(app)
  registerQueueRoutes(app, deps)
  registerFrontOfficeRoutes(app, deps)
  registerDashboardRoutes(app, deps)
  registerActionRoutes(app, deps)
  return app
}

// Without a GED adapter, the 'deposit-in-ged' jobs wait for a worker that has one.
// Retention periods (DRAFT_RETENTION_DAYS, FILE_RETENTION_AFTER_GED_DAYS): 183 and 30 days when not given.
export function createTaskList(
  deps: Pick<ServiceDeps, 'pool' | 'mailer' | 'publicUrl'> & { ged?: GedAdapter; now?: () => Date; draftRetentionDays?: number; fileRetentionAfterGedDays?: number },
): TaskList {
  return {
    'send-message-notification': createSendMessageNotificationTask(deps),
    'generate-cerfa': createGenerateCerfaTask(deps),
    'purge-expired-sessions': async () => void (await purgeExpiredSessions(deps.pool)),
    'verifier-depots-orphelins': async () => void (await checkOrphanDeposits(deps.pool)),
    'verifier-journal-audit': async () => void (await checkAuditChain(deps.pool, { full: true })),
    [CONSTATER_REJETS_IMPLICITES]: createConstaterRejetsImplicitesTask(deps),
    [PURGER_BROUILLONS]: createPurgeDraftsTask(deps),
    [PURGER_FICHIERS_DEPOSES]: createPurgeDepositedFilesTask(deps),
    ...(deps.ged && { 'deposit-in-ged': createDepositInGedTask({ pool: deps.pool, adapter: deps.ged }) }),
  }
}

// Recurring jobs, run once across every instance by the job queue. Times are UTC: 02:30 is after
// midnight in Paris all year; a run missed while no worker was up is made up within a day.
export const CRONTAB = [
  '17 * * * * purge-expired-sessions',
  '47 * * * * verifier-depots-orphelins',
  `30 2 * * * ${CONSTATER_REJETS_IMPLICITES} ?fill=1d`,
  `10 3 * * * ${PURGER_BROUILLONS} ?fill=1d`,
  `40 3 * * * ${PURGER_FICHIERS_DEPOSES} ?fill=1d`,
  '10 4 * * * verifier-journal-audit ?fill=1d',
].join('\n')
