// A local stand-in for the Cognito user pool and for the HTTP API's JWT authorizer: it signs
// Cognito-shaped tokens with a key pair made at start, publishes the JWKS, grants auditors tokens
// with the OAuth2 client-credentials flow, and verifies tokens the way API Gateway does.

import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { exportJWK, generateKeyPair, jwtVerify, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import {
  AUDITOR_SCOPE,
  clientCredentialsClaims,
  clientCredentialsGrant,
  DEFAULT_ISSUER_PORT,
  LOCAL_AUDITOR_CLIENT,
  LOCAL_STAFF_CLIENT_ID,
  staffTokenClaims,
  TOKEN_TTL_SECONDS,
  TokenRequestError,
  type StaffTokenRequest,
} from './cognito';
import { closeServer, displayUrl, listen, LOOPBACK } from './net';

export { AUDITOR_SCOPE, DEFAULT_ISSUER_PORT, LOCAL_AUDITOR_CLIENT, LOCAL_STAFF_CLIENT_ID, TOKEN_TTL_SECONDS, type StaffTokenRequest } from './cognito';

export interface VerifyOptions {
  key: CryptoKey;
  kid: string;
  issuer: string;
  /** The authorizer's audience list: a token passes when its aud (or, without aud, client_id) is in it. */
  audiences: readonly string[];
  now?: () => Date;
}

/**
 * Verifies a token the way API Gateway's JWT authorizer does: RS256 signature by a key of the JWKS
 * (matched by kid), iss equal to the configured issuer, exp in the future, nbf and iat in the past,
 * and aud — or client_id when there is no aud — in the audience list. token_use is not checked:
 * API Gateway does not either. Returns the claims; throws with the reason otherwise.
 */
export async function verifyJwt(token: string, options: VerifyOptions): Promise<JWTPayload> {
  const now = options.now?.() ?? new Date();
  const { payload, protectedHeader } = await jwtVerify(token, options.key, {
    algorithms: ['RS256'],
    issuer: options.issuer,
    currentDate: now,
    requiredClaims: ['exp', 'iat'],
  });
  if (protectedHeader.kid !== options.kid) throw new Error('the token was not signed by a key of the JWKS');
  if (payload.iat! > Math.floor(now.getTime() / 1000)) throw new Error('the token was issued in the future');
  const audiences = payload.aud === undefined ? [] : Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if (audiences.length > 0) {
    if (!audiences.some((audience) => options.audiences.includes(audience))) throw new Error('the token has no valid audience');
  } else if (typeof payload.client_id !== 'string' || !options.audiences.includes(payload.client_id)) {
    throw new Error('the token has no valid audience or client_id');
  }
  return payload;
}

export interface JwtIssuerOptions {
  /** TCP port; 0 picks a free one. Default 3001. */
  port?: number;
  host?: string;
  ttlSeconds?: number;
  log?: (line: string) => void;
  now?: () => Date;
}

export interface LocalIssuer {
  /** Where this server answers (for HTTP clients). */
  url: string;
  /** The iss claim; also the base of the JWKS URL, as Cognito's issuer is. */
  issuer: string;
  jwksUrl: string;
  tokenUrl: string;
  staffClientId: string;
  auditorClient: { id: string; secret: string };
  /** The JWT authorizer's audience list. */
  audiences: readonly string[];
  mintStaffToken(request: StaffTokenRequest): Promise<string>;
  mintAuditorToken(): Promise<string>;
  verify(token: string): Promise<JWTPayload>;
  stop(): Promise<void>;
}

export async function startJwtIssuer(options: JwtIssuerOptions = {}): Promise<LocalIssuer> {
  const now = options.now ?? (() => new Date());
  const nowSeconds = () => Math.floor(now().getTime() / 1000);
  const ttlSeconds = options.ttlSeconds ?? TOKEN_TTL_SECONDS;
  const kid = randomBytes(8).toString('hex');
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  const audiences = [LOCAL_STAFF_CLIENT_ID, LOCAL_AUDITOR_CLIENT.id];

  // iss must be known before the first token and depends on the port, so listen first.
  const state = { issuer: '' };
  const sign = (claims: JWTPayload) => new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid }).sign(privateKey);
  const mintStaffToken = (request: StaffTokenRequest) =>
    sign(staffTokenClaims(request, { issuer: state.issuer, audience: LOCAL_STAFF_CLIENT_ID, nowSeconds: nowSeconds(), ttlSeconds }));
  const mintAuditorToken = (scope = AUDITOR_SCOPE) =>
    sign(clientCredentialsClaims(LOCAL_AUDITOR_CLIENT.id, scope, { issuer: state.issuer, nowSeconds: nowSeconds(), ttlSeconds }));

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      options.log?.(`issuer: ${(error as Error).stack ?? String(error)}`);
      if (!response.headersSent) sendJson(response, 500, { error: 'server_error' });
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? '/', 'http://local').pathname;
    if (request.method === 'GET' && path === '/.well-known/jwks.json') return sendJson(response, 200, { keys: [jwk] });
    if (request.method === 'GET' && path === '/.well-known/openid-configuration') {
      return sendJson(response, 200, {
        issuer: state.issuer,
        jwks_uri: `${state.issuer}/.well-known/jwks.json`,
        token_endpoint: `${state.issuer}/oauth2/token`,
        grant_types_supported: ['client_credentials'],
        id_token_signing_alg_values_supported: ['RS256'],
        token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
        scopes_supported: [AUDITOR_SCOPE],
      });
    }
    if (path === '/oauth2/token') {
      if (request.method !== 'POST') return sendJson(response, 405, { error: 'invalid_request' }, { allow: 'POST' });
      const body = await readBody(request);
      const result = clientCredentialsGrant(request.headers, body);
      if ('error' in result) return sendJson(response, result.status, { error: result.error }, result.headers);
      const accessToken = await mintAuditorToken(result.scope);
      return sendJson(
        response,
        200,
        { access_token: accessToken, expires_in: ttlSeconds, token_type: 'Bearer' },
        { 'cache-control': 'no-store', pragma: 'no-cache' },
      );
    }
    if (path === '/local/tokens') {
      if (request.method !== 'POST') return sendJson(response, 405, { error: 'invalid_request' }, { allow: 'POST' });
      let input: unknown;
      try {
        input = JSON.parse((await readBody(request)).toString('utf8'));
      } catch {
        return sendJson(response, 400, { error: 'invalid_request', error_description: 'the body must be JSON: {"role":"admin"}' });
      }
      try {
        const token = await mintStaffToken((input ?? {}) as StaffTokenRequest);
        return sendJson(response, 200, { id_token: token, token_type: 'Bearer', expires_in: ttlSeconds }, { 'cache-control': 'no-store' });
      } catch (error) {
        if (!(error instanceof TokenRequestError)) throw error;
        return sendJson(response, 400, { error: 'invalid_request', error_description: error.message });
      }
    }
    return sendJson(response, 404, { error: 'not_found' });
  }

  const host = options.host ?? LOOPBACK;
  const port = await listen(server, options.port ?? DEFAULT_ISSUER_PORT, host, 'Local token issuer', 'PORT_ISSUER');
  state.issuer = displayUrl(port);
  const url = `http://${LOOPBACK}:${port}`;
  options.log?.(`Token issuer ready on ${url} (JWKS ${state.issuer}/.well-known/jwks.json)`);
  return {
    url,
    issuer: state.issuer,
    jwksUrl: `${url}/.well-known/jwks.json`,
    tokenUrl: `${url}/oauth2/token`,
    staffClientId: LOCAL_STAFF_CLIENT_ID,
    auditorClient: { ...LOCAL_AUDITOR_CLIENT },
    audiences,
    mintStaffToken,
    mintAuditorToken: () => mintAuditorToken(),
    verify: (token) => verifyJwt(token, { key: publicKey, kid, issuer: state.issuer, audiences, now }),
    stop: () => closeServer(server),
  };
}

async function readBody(request: IncomingMessage, limit = 64 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new Error('request body too large for the token endpoint');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}
