// Composition of the service: the web edge, each capability's routes, and the job handlers.
import type { FastifyInstance } from 'fastify'
import type { TaskList } from 'graphile-worker'
import type { Pool } from './platform/db/pool.ts'
import type { Mailer } from './platform/mail/mailer.ts'
import { createWebApp } from './platform/web/app.ts'
import { purgeExpiredSessions } from './platform/web/session-store.ts'
import type { RelyingParty } from './identity/oidc-relying-party.ts'
import { registerSignInRoutes } from './identity/web/sign-in-routes.ts'
import { registerHomeRoutes } from './platform/web/home-routes.ts'
import { registerMessagerieRoutes } from './messagerie/web/routes.ts'
import { createSendMessageNotificationTask } from './messagerie/send-message-notification.ts'
import { registerAccountRoutes } from './identity/web/account-routes.ts'
import { registerDemarcheRoutes } from './demarche/web/routes.ts'
import { registerAgentSignInRoutes } from './identity/web/agent-sign-in-routes.ts'
import { registerBackOfficeHome } from './instruction/web/back-office.ts'

export type ServiceDeps = {
  pool: Pool
  relyingParty: RelyingParty
  agentRelyingParty: RelyingParty
  mailer: Mailer
  publicUrl: string
  sessionSecret: string
  sessionIdleMinutes: number
  identityProviderOrigins: string[]
  logLevel: string
  now: () => Date
}

export async function createService(deps: ServiceDeps): Promise<FastifyInstance> {
  const app = await createWebApp({
    pool: deps.pool,
    publicUrl: deps.publicUrl,
    sessionSecret: deps.sessionSecret,
    sessionIdleMinutes: deps.sessionIdleMinutes,
    formActionOrigins: deps.identityProviderOrigins,
    logLevel: deps.logLevel,
  })
  registerHomeRoutes(app, deps)
  registerSignInRoutes(app, deps)
  registerMessagerieRoutes(app, deps)
  registerAccountRoutes(app, deps)
  registerDemarcheRoutes(app, deps)
  registerAgentSignInRoutes(app, deps)
  registerBackOfficeHome(app)
  return app
}

export function createTaskList(deps: Pick<ServiceDeps, 'pool' | 'mailer' | 'publicUrl'>): TaskList {
  return {
    'send-message-notification': createSendMessageNotificationTask(deps),
    'purge-expired-sessions': async () => void (await purgeExpiredSessions(deps.pool)),
  }
}

// Recurring jobs, run once across every instance by the job queue.
export const CRONTAB = '17 * * * * purge-expired-sessions'
