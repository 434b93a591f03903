// An operation of the JSON API, declared once: the route that fastify serves and the entry of the
// OpenAPI document come from the same declaration, so the document lists what is served.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { bearerAssureId } from './bearer-auth.ts'

export type ApiResponse = { description: string } & (
  | { json: z.ZodType }
  | { problem: true }
  | { files: readonly string[] }
  | { empty: true }
)

export type ApiParameter = { name: string; in: 'path' | 'query' | 'header'; required: boolean; description: string; schema: z.ZodType }

export type ApiOperation = {
  method: 'get' | 'put' | 'post' | 'delete'
  /** Under /api/v1, in the document's style: `/demandes/{id}/accuse-de-reception`. */
  path: string
  operationId: string
  tag: string
  summary: string
  description?: string
  parameters?: ApiParameter[]
  requestBody?: { mediaType: 'application/json' | 'multipart/form-data'; schema: z.ZodType }
  responses: Record<number, ApiResponse>
  handler(request: FastifyRequest, reply: FastifyReply, assureId: string): Promise<FastifyReply>
}

export const json = (description: string, schema: z.ZodType): ApiResponse => ({ description, json: schema })
export const problem = (description: string): ApiResponse => ({ description, problem: true })

export const uuidParameter = (name: string, description: string): ApiParameter => ({ name, in: 'path', required: true, description, schema: z.uuid() })

/** Serves the operations in `scope`, every one behind the scope's bearer authentication. */
export function serveOperations(scope: FastifyInstance, operations: readonly ApiOperation[]): void {
  for (const operation of operations) {
    scope.route({
      method: operation.method.toUpperCase() as 'GET' | 'PUT' | 'POST' | 'DELETE',
      url: operation.path.replace(/\{(\w+)\}/g, ':$1'),
      handler: (request, reply) => operation.handler(request, reply, bearerAssureId(request)),
    })
  }
}
