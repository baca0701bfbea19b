/**
 * @sportello/http — the HTTP API of Sportello: web-form intake, status by code, public
 * statistics, the operator and office API, health and readiness, with the OpenAPI document and
 * errors as RFC 9457 problem details.
 *
 * @since 0.1.0
 */

/**
 * The API declaration (schema-first `HttpApi`): addresses, inputs, answers, problems.
 *
 * @since 0.1.0
 */
export * as Api from "./Api.ts"

/**
 * The server: handlers on the engine, middleware, router and Node server layers.
 *
 * @since 0.1.0
 */
export * as Server from "./Server.ts"

/**
 * Errors as RFC 9457 problem details.
 *
 * @since 0.1.0
 */
export * as Problem from "./Problem.ts"

/**
 * Staff bearer tokens, stored hashed: the port, its in-memory layer, issuing and checking.
 *
 * @since 0.1.0
 */
export * as Tokens from "./Tokens.ts"

/**
 * Roles and what each may do.
 *
 * @since 0.1.0
 */
export * as Access from "./Access.ts"

/**
 * The audit log of the staff API: the port and its in-memory layer.
 *
 * @since 0.1.0
 */
export * as AuditLog from "./AuditLog.ts"

/**
 * The web form's fields, turned into an intake submission.
 *
 * @since 0.1.0
 */
export * as WebForm from "./WebForm.ts"

/**
 * The public statistics as CSV.
 *
 * @since 0.1.0
 */
export * as Csv from "./Csv.ts"
