// `npm run token -- admin | agency <agencyId> | auditor`: prints only a bearer token for the running
// local system (`npm start`), so it can go straight into a header:
//   curl -H "Authorization: Bearer $(npm run -s token -- admin)" http://localhost:3000/admin/agencies
// admin/agency tokens come from the issuer's local-only endpoint; the auditor token goes through
// the real OAuth2 client-credentials grant, as an auditor's own client would.

import { DEFAULT_ISSUER_PORT, LOCAL_AUDITOR_CLIENT } from '../lib/local/cognito';
import { readRuntimeInfo } from '../lib/local/runtime-file';

const USAGE = 'Usage: npm run token -- admin | npm run token -- agency <agencyId> | npm run token -- auditor';

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

async function post(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, { ...init, method: 'POST', signal: AbortSignal.timeout(5000) });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    const reason = cause?.code === 'ECONNREFUSED' ? 'nothing answers there' : (error as Error).message;
    fail(`The local system is not running (${url}: ${reason}).\nStart it with \`npm start\` in another terminal, then run this again.`);
  }
}

async function main(): Promise<void> {
  const [role, agencyId, ...rest] = process.argv.slice(2);
  if (!role || rest.length > 0 || !['admin', 'agency', 'auditor'].includes(role)) fail(USAGE);
  if (role === 'agency' && !agencyId) fail(`An agency token needs the agencyId, e.g. npm run token -- agency dinkes\n${USAGE}`);
  if (role !== 'agency' && agencyId) fail(USAGE);

  const runtime = readRuntimeInfo();
  const issuerUrl = runtime?.issuerUrl ?? `http://127.0.0.1:${process.env.PORT_ISSUER || DEFAULT_ISSUER_PORT}`;

  if (role === 'auditor') {
    const client = runtime?.auditorClient ?? LOCAL_AUDITOR_CLIENT;
    const response = await post(`${issuerUrl}/oauth2/token`, {
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${encodeURIComponent(client.id)}:${encodeURIComponent(client.secret)}`).toString('base64')}`,
      },
      body: new URLSearchParams({ grant_type: 'client_credentials' }).toString(),
    });
    const body = (await response.json().catch(() => ({}))) as { access_token?: string; error?: string };
    if (!response.ok || !body.access_token) fail(`The token endpoint refused: ${response.status} ${body.error ?? ''}`.trim());
    console.log(body.access_token);
    return;
  }

  const response = await post(`${issuerUrl}/local/tokens`, {
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(role === 'agency' ? { role, agencyId } : { role }),
  });
  const body = (await response.json().catch(() => ({}))) as { id_token?: string; error_description?: string };
  if (!response.ok || !body.id_token) fail(`The issuer refused: ${response.status} ${body.error_description ?? ''}`.trim());
  console.log(body.id_token);
}

main().catch((error: unknown) => fail((error as Error).stack ?? String(error)));
