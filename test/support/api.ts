// The JSON API driven as the mobile application drives it: signed in to the compte ameli as a
// public client (authorization code + PKCE) through the demo provider's real login page, then
// plain HTTP with a bearer token. Every response is checked against the OpenAPI document the
// service serves: its operation, its status, its media type and, for JSON, its schema (Ajv).
import assert from 'node:assert/strict'
import * as oidc from 'openid-client'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { TestBrowser } from '../../src/identity/demo-provider/test-browser.ts'
import { DEMO_PASSWORD } from '../../src/identity/demo-provider/accounts.ts'
import { ASSURE_SCOPE } from '../../src/identity/oidc-relying-party.ts'
import { MOBILE_CLIENT_ID, MOBILE_REDIRECT_URI } from '../../src/identity/relying-parties.ts'
import type { OpenApiDocument } from '../../src/api/openapi.ts'

/** The document's base URI in Ajv: its schemas are `${OPENAPI_ID}#/components/schemas/…`. */
export const OPENAPI_ID = 'https://invalidite-en-ligne.test/openapi.json'

export type ApiResponse<T = any> = { status: number; headers: Headers; body: T }
/** `json` is sent as JSON, `text` as it is (with its content type in `headers`), `form` as multipart. */
export type ApiRequest = { token?: string | null; json?: unknown; text?: string; form?: FormData; headers?: Record<string, string> }

export type ApiClient = {
  document: OpenApiDocument
  /** The issuer of the compte ameli, read from the document's OpenID Connect security scheme. */
  issuer: string
  call<T = any>(method: string, path: string, request?: ApiRequest): Promise<ApiResponse<T>>
  /** Every operation called so far, as `get /demandes/{demandeId}/copie.pdf`. */
  called: Set<string>
}

export async function apiClient(baseUrl: string): Promise<ApiClient> {
  const response = await fetch(`${baseUrl}/api/openapi.json`)
  assert.equal(response.status, 200)
  const document = (await response.json()) as OpenApiDocument
  const ajv = openApiValidator(document)
  const server = (document.servers as Array<{ url: string }>)[0]!.url
  const securitySchemes = document.components.securitySchemes as { compteAmeli: { openIdConnectUrl: string } }
  const called = new Set<string>()

  async function call(method: string, path: string, request: ApiRequest = {}): Promise<ApiResponse> {
    const headers = new Headers(request.headers)
    if (request.token) headers.set('authorization', `Bearer ${request.token}`)
    if (request.json !== undefined) headers.set('content-type', 'application/json')
    const response = await fetch(`${baseUrl}${server}${path}`, {
      method: method.toUpperCase(),
      headers,
      body: request.form ?? request.text ?? (request.json === undefined ? undefined : JSON.stringify(request.json)),
    })
    const mediaType = response.headers.get('content-type')?.split(';')[0]?.trim() ?? null
    const raw = Buffer.from(await response.arrayBuffer())
    const body = mediaType?.endsWith('json') ? JSON.parse(raw.toString('utf8')) : raw
    const template = assertDocumentedResponse(document, ajv, method, path, { status: response.status, mediaType, byteLength: raw.length, body })
    called.add(`${method} ${template}`)
    return { status: response.status, headers: response.headers, body }
  }

  return { document, issuer: securitySchemes.compteAmeli.openIdConnectUrl.replace(/\/\.well-known\/openid-configuration$/, ''), call, called }
}

/**
 * A response is one the document describes for its operation: its status, its media type and, for
 * JSON, its schema. Answers the operation's path template, as `/demandes/{demandeId}/copie.pdf`.
 */
export function assertDocumentedResponse(
  document: OpenApiDocument,
  ajv: Ajv2020,
  method: string,
  path: string,
  response: { status: number; mediaType: string | null; byteLength: number; body: unknown },
): string {
  const label = `${method} ${path} → ${response.status}`
  const template = operationTemplate(document, method, path)
  assert.ok(template, `${label}: no such operation in the OpenAPI document`)
  const described = document.paths[template]![method]!.responses[String(response.status)]
  assert.ok(described, `${label}: status not documented`)
  if (!described.content) {
    assert.equal(response.byteLength, 0, `${label}: a body where the document says none`)
  } else {
    const { mediaType } = response
    assert.ok(mediaType && described.content[mediaType], `${label}: ${mediaType} is not a documented media type`)
    const ref = described.content[mediaType]!.schema?.$ref
    if (typeof ref === 'string') {
      const validate = ajv.getSchema(`${OPENAPI_ID}${ref}`)
      assert.ok(validate, `${label}: ${ref} not found`)
      assert.ok(validate(response.body), `${label}: the body does not match ${ref}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(response.body).slice(0, 800)}`)
    }
  }
  return template
}

/** Ajv on the document's component schemas, each reachable as `${OPENAPI_ID}#/components/schemas/…`. */
export function openApiValidator(document: OpenApiDocument): Ajv2020 {
  const ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true })
  ajv.addFormat('date', /^\d{4}-\d{2}-\d{2}$/)
  ajv.addFormat('date-time', { validate: (value: string) => !Number.isNaN(Date.parse(value)) && /T/.test(value) })
  ajv.addFormat('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i)
  ajv.addFormat('uri', { validate: (value: string) => URL.canParse(value) })
  ajv.addKeyword('components')
  ajv.addSchema({ $id: OPENAPI_ID, components: { schemas: document.components.schemas } })
  return ajv
}

/** The document's path that matches `path` for `method`: `{name}` stands for one segment. */
export function operationTemplate(document: OpenApiDocument, method: string, path: string): string | undefined {
  return Object.keys(document.paths).find((template) => {
    const pattern = new RegExp(`^${template.replace(/[.]/g, '\\.').replace(/\{\w+\}/g, '[^/]+')}$`)
    return pattern.test(path) && document.paths[template]![method] !== undefined
  })
}

/**
 * Signs `login` in as the mobile application does: authorization code with PKCE for the public
 * client, the demo provider's login page filled in, the code exchanged at the token endpoint.
 * Answers the access token.
 */
export function mobileSignIn(issuer: string, login: string): Promise<string> {
  return signInThroughClient(issuer, login, { clientId: MOBILE_CLIENT_ID, redirectUri: MOBILE_REDIRECT_URI })
}

/** The same sign-in through any client of the provider (a confidential one gives its secret). */
export async function signInThroughClient(issuer: string, login: string, registration: { clientId: string; clientSecret?: string; redirectUri: string }): Promise<string> {
  const authentication = registration.clientSecret ? oidc.ClientSecretPost(registration.clientSecret) : oidc.None()
  const config = await oidc.discovery(new URL(issuer), registration.clientId, undefined, authentication, { execute: [oidc.allowInsecureRequests] })
  const codeVerifier = oidc.randomPKCECodeVerifier()
  const state = oidc.randomState()
  const nonce = oidc.randomNonce()
  const authorizationUrl = oidc.buildAuthorizationUrl(config, {
    redirect_uri: registration.redirectUri,
    scope: ASSURE_SCOPE,
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  })
  const browser = new TestBrowser()
  const loginPage = await browser.follow(await browser.request(authorizationUrl), authorizationUrl, registration.redirectUri)
  assert.equal(loginPage.response.status, 200, 'the login page')
  const submitted = await browser.submitLogin(await loginPage.response.text(), loginPage.url, login, DEMO_PASSWORD)
  const callback = await browser.follow(submitted, loginPage.url, registration.redirectUri)
  assert.ok(callback.url.href.startsWith(registration.redirectUri), `back to the client, not ${callback.url.href}`)
  const tokens = await oidc.authorizationCodeGrant(config, callback.url, { pkceCodeVerifier: codeVerifier, expectedState: state, expectedNonce: nonce })
  return tokens.access_token
}
