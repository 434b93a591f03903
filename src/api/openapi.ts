// The OpenAPI 3.1 document of the JSON API, generated at start-up from the operations that are
// served and from the zod schemas that validate and type their bodies: nothing written twice.
import { z } from 'zod'
import { ASSURE_SCOPE } from '../identity/oidc-relying-party.ts'
import { MOBILE_CLIENT_ID, MOBILE_REDIRECT_URI } from '../identity/relying-parties.ts'
import { unreadableDateSchema } from '../demarche/domain/schemas/date-input.ts'
import { fieldHint, fieldLabel } from '../demarche/domain/labels.ts'
import { DATE_FIELDS, type AnswerField } from '../demarche/domain/answers.ts'
import { apiSchemas, problemSchema } from './schemas.ts'
import { PROBLEM_MEDIA_TYPE } from './problems.ts'
import type { ApiOperation, ApiResponse } from './operation.ts'

export const API_VERSION_PATH = '/api/v1'

type JsonSchema = Record<string, unknown>
export type OpenApiDocument = {
  openapi: '3.1.1'
  paths: Record<string, Record<string, OpenApiOperation>>
  components: { schemas: Record<string, JsonSchema> } & Record<string, unknown>
} & Record<string, unknown>
type OpenApiOperation = { responses: Record<string, { description: string; content?: Record<string, { schema?: JsonSchema }> }> } & Record<string, unknown>

// Every operation may also answer these.
const COMMON_RESPONSES: Record<number, ApiResponse> = {
  401: { description: "Jeton d'accès absent, invalide ou expiré (en-tête WWW-Authenticate).", problem: true },
  403: { description: "Le jeton n'est pas celui d'un compte ameli d'assuré(e).", problem: true },
  429: { description: 'Trop de requêtes depuis cette adresse (en-tête Retry-After).', problem: true },
  500: { description: 'Erreur du service.', problem: true },
  503: { description: "Base de données ou fournisseur d'identité momentanément indisponible.", problem: true },
}

// Every operation that takes a body may also answer these.
const BODY_RESPONSES: Record<number, ApiResponse> = {
  400: { description: 'Corps illisible (JSON mal formé).', problem: true },
  413: { description: 'Corps trop volumineux (10 Mo par fichier, 1 Mo de réponses).', problem: true },
  415: { description: 'Type de contenu non pris en charge.', problem: true },
}

export function buildOpenApiDocument(operations: readonly ApiOperation[], options: { issuer: string }): OpenApiDocument {
  const schemas = componentSchemas()
  const paths: OpenApiDocument['paths'] = {}
  for (const operation of operations) {
    paths[operation.path] ??= {}
    paths[operation.path]![operation.method] = describeOperation(operation)
  }
  return {
    openapi: '3.1.1',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: "Invalidité en ligne — API de l'application mobile",
      version: '1',
      description: [
        "La démarche « Demander une pension d'invalidité » pour l'application mobile ameli : les mêmes étapes, les mêmes règles et les mêmes messages que le téléservice web.",
        `Authentification : l'application, client public \`${MOBILE_CLIENT_ID}\` du compte ameli (OpenID Connect, code d'autorisation avec PKCE S256, redirection vers \`${MOBILE_REDIRECT_URI}\`, portée \`${ASSURE_SCOPE}\`), présente le jeton d'accès obtenu dans l'en-tête \`Authorization: Bearer\`. Ni cookie ni jeton CSRF.`,
        'Les dates sont au format AAAA-MM-JJ. Une réponse refusée renvoie 422 avec une erreur par champ, le message étant celui des pages web ; rien n\'est alors enregistré.',
      ].join('\n\n'),
    },
    servers: [{ url: API_VERSION_PATH }],
    security: [{ compteAmeli: ASSURE_SCOPE.split(' ') }, { jetonAcces: [] }],
    paths,
    components: {
      schemas,
      securitySchemes: {
        compteAmeli: {
          type: 'openIdConnect',
          openIdConnectUrl: new URL('.well-known/openid-configuration', options.issuer.endsWith('/') ? options.issuer : `${options.issuer}/`).href,
          description: `Le compte ameli de l'assuré(e) ; client public \`${MOBILE_CLIENT_ID}\`, PKCE S256.`,
        },
        jetonAcces: { type: 'http', scheme: 'bearer', description: "Le jeton d'accès délivré par le compte ameli, vérifié auprès de son point userinfo." },
      },
    },
  }
}

function componentSchemas(): Record<string, JsonSchema> {
  const { schemas } = z.toJSONSchema(apiSchemas, {
    target: 'draft-2020-12',
    // A page's answers are documented as the app sends them (the input of the page schema).
    io: 'input',
    unrepresentable: 'any',
    uri: (id) => `#/components/schemas/${id}`,
    override: ({ zodSchema, jsonSchema }) => {
      if (isDateOfAnswers(zodSchema)) replaceContent(jsonSchema, { type: 'string', format: 'date', description: 'Une date, AAAA-MM-JJ.' })
    },
  })
  return Object.fromEntries(
    Object.entries(schemas).map(([id, { $schema, $id, ...schema }]) => [id, id.startsWith('PageAnswers.') ? withFieldLabels(schema) : schema]),
  )
}

// A date of the page schemas takes a 'YYYY-MM-DD' string, or the marker the web's form decoder
// puts for three boxes that do not make a date: the app sends the string.
function isDateOfAnswers(schema: z.core.$ZodType): boolean {
  return schema instanceof z.ZodUnion && schema.options.includes(unreadableDateSchema)
}

function replaceContent(target: JsonSchema, content: JsonSchema): void {
  for (const key of Object.keys(target)) delete target[key]
  Object.assign(target, content)
}

// Each answer carries the question it answers and its hint, as the web page words them (but for
// the dates, whose hint is about the web's three boxes).
function withFieldLabels(schema: JsonSchema): JsonSchema {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>
  for (const [name, property] of Object.entries(properties)) {
    const field = name as AnswerField
    if (!Object.hasOwn(fieldLabel, field)) continue
    property.title = fieldLabel[field]
    const hint = fieldHint[field]
    if (hint && !DATE_FIELDS.has(field)) property.description = hint
  }
  return schema
}

function describeOperation(operation: ApiOperation): OpenApiOperation {
  const common = operation.requestBody ? { ...BODY_RESPONSES, ...COMMON_RESPONSES } : COMMON_RESPONSES
  const responses = { ...common, ...operation.responses }
  return {
    operationId: operation.operationId,
    tags: [operation.tag],
    summary: operation.summary,
    ...(operation.description && { description: operation.description }),
    ...(operation.parameters && {
      parameters: operation.parameters.map(({ schema, ...parameter }) => ({ ...parameter, schema: inlineSchema(schema) })),
    }),
    ...(operation.requestBody && {
      requestBody: { required: true, content: { [operation.requestBody.mediaType]: { schema: refTo(operation.requestBody.schema) } } },
    }),
    responses: Object.fromEntries(Object.entries(responses).map(([status, response]) => [status, describeResponse(response)])),
  }
}

function describeResponse(response: ApiResponse): OpenApiOperation['responses'][string] {
  const { description } = response
  if ('json' in response) return { description, content: { 'application/json': { schema: refTo(response.json) } } }
  if ('problem' in response) return { description, content: { [PROBLEM_MEDIA_TYPE]: { schema: refTo(problemSchema) } } }
  if ('files' in response) {
    return { description, content: Object.fromEntries(response.files.map((mediaType) => [mediaType, { schema: { type: 'string', contentMediaType: mediaType } }])) }
  }
  return { description }
}

function refTo(schema: z.ZodType): JsonSchema {
  const id = apiSchemas.get(schema)?.id
  if (!id) throw new Error('a body schema of the API must be registered in apiSchemas')
  return { $ref: `#/components/schemas/${id}` }
}

function inlineSchema(schema: z.ZodType): JsonSchema {
  const { $schema, ...json } = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input' })
  return json
}
