// The consoles' API client: the same typed client as the portal, with the staff access token on
// every request (renewed first when close to expiry) and a sign-in when the session has ended.
import createClient from 'openapi-fetch';
import type { paths } from '../api/schema';
import type { Api } from '../api/client';
import { loadConfig } from '../config';
import { accessToken, beginSignIn } from '../auth/session';

let client: Api | undefined;

export async function staffApi(): Promise<Api> {
  if (client) return client;
  const { apiUrl } = await loadConfig();
  const created = createClient<paths>({ baseUrl: apiUrl });
  created.use({
    async onRequest({ request }) {
      const token = await accessToken();
      if (!token) return beginSignIn(location.pathname + location.search);
      request.headers.set('authorization', `Bearer ${token}`);
      return request;
    },
    async onResponse({ response }) {
      // The token was refused (account disabled, session revoked): sign in again.
      if (response.status === 401) return beginSignIn(location.pathname + location.search);
      return response;
    },
  });
  client = created;
  return client;
}
