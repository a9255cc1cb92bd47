// The local stand-in for Cognito's managed login page, in Bahasa Indonesia. One self-contained
// document: no scripts, no remote assets, inline styles only through a hashed <style> (none needed
// beyond the defaults), every field labelled, errors announced and tied to their fields.

import type { AuthorizeRequest } from './authorization-code';

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export interface SignInPageOptions {
  regionName: string;
  request: AuthorizeRequest;
  login?: string;
  error?: string;
  /** Accounts to list on the page (local only): username and what they are. */
  accounts?: readonly { login: string; describe: string }[];
}

const STYLE = `body{font-family:system-ui,sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1a1a1a}
label{display:block;margin-top:1rem;font-weight:600}input{width:100%;box-sizing:border-box;padding:.6rem;font-size:1rem;border:1px solid #555;border-radius:4px}
button{margin-top:1.5rem;padding:.7rem 1.2rem;font-size:1rem;background:#0b5394;color:#fff;border:0;border-radius:4px;min-height:44px}
.error{color:#9b1c1c;border:1px solid #9b1c1c;padding:.6rem;border-radius:4px}details{margin-top:2rem}code{font-size:.95em}`;

export function signInPage(options: SignInPageOptions): string {
  const hidden = Object.entries({
    client_id: options.request.clientId,
    redirect_uri: options.request.redirectUri,
    state: options.request.state,
    scope: options.request.scope,
    code_challenge: options.request.codeChallenge,
    code_challenge_method: 'S256',
    response_type: 'code',
    nonce: options.request.nonce,
  })
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => `<input type="hidden" name="${name}" value="${escape(value!)}">`)
    .join('');
  const error = options.error
    ? `<p id="galat" class="error" role="alert">${escape(options.error)}</p>`
    : '';
  const invalid = options.error ? ' aria-invalid="true" aria-describedby="galat"' : '';
  const accounts = options.accounts?.length
    ? `<details><summary>Akun lokal (kata sandi <code>tuntas-lokal</code>)</summary><ul>${options.accounts
        .map((a) => `<li><code>${escape(a.login)}</code>: ${escape(a.describe)}</li>`)
        .join('')}</ul></details>`
    : '';
  return `<!doctype html>
<html lang="id">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Masuk — Tuntas ${escape(options.regionName)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>Masuk ke Tuntas</h1>
<p>Layanan pengaduan ${escape(options.regionName)}, untuk petugas koordinator, admin penghubung OPD dan auditor.</p>
${error}
<form method="post" action="/login">
${hidden}
<label for="username">Nama pengguna atau email</label>
<input id="username" name="username" autocomplete="username" required value="${escape(options.login ?? '')}"${invalid}>
<label for="password">Kata sandi</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${invalid}>
<button type="submit">Masuk</button>
</form>
${accounts}
</main>
</body>
</html>`;
}

export function errorPage(message: string): string {
  return `<!doctype html>
<html lang="id"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Gagal masuk — Tuntas</title><style>${STYLE}</style></head>
<body><main><h1>Permintaan masuk tidak sah</h1><p class="error" role="alert">${escape(message)}</p></main></body></html>`;
}

export function signedOutPage(): string {
  return `<!doctype html>
<html lang="id"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Keluar — Tuntas</title><style>${STYLE}</style></head>
<body><main><h1>Anda sudah keluar</h1><p>Sesi Anda telah diakhiri.</p></main></body></html>`;
}
