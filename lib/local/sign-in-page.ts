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

/** The authorization request, carried through the form so the page can be posted back to. */
function hiddenFields(request: AuthorizeRequest, extra: Record<string, string> = {}): string {
  return Object.entries({
    client_id: request.clientId,
    redirect_uri: request.redirectUri,
    state: request.state,
    scope: request.scope,
    code_challenge: request.codeChallenge,
    code_challenge_method: 'S256',
    response_type: 'code',
    nonce: request.nonce,
    ...extra,
  })
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => `<input type="hidden" name="${name}" value="${escape(value!)}">`)
    .join('');
}

/** An error announced as soon as the page loads, and the attributes that tie it to the fields. */
function errorOf(message: string | undefined): { error: string; invalid: string } {
  return message
    ? { error: `<p id="galat" class="error" role="alert">${escape(message)}</p>`, invalid: ' aria-invalid="true" aria-describedby="galat"' }
    : { error: '', invalid: '' };
}

const head = (title: string) => `<!doctype html>
<html lang="id">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title>
<style>${STYLE}</style>
</head>`;

export function signInPage(options: SignInPageOptions): string {
  const hidden = hiddenFields(options.request);
  const { error, invalid } = errorOf(options.error);
  const accounts = options.accounts?.length
    ? `<details><summary>Akun lokal (kata sandi <code>tuntas-lokal</code>)</summary><ul>${options.accounts
        .map((a) => `<li><code>${escape(a.login)}</code>: ${escape(a.describe)}</li>`)
        .join('')}</ul></details>`
    : '';
  return `${head(`Masuk — Tuntas ${options.regionName}`)}
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

/** The field of the code page: a one-time code as phones offer to fill it in from the authenticator. */
export const TOTP_FIELD = 'totp_code';
/** The hidden field naming the pending sign-in (lib/local/mfa-sign-in.ts). */
export const PENDING_FIELD = 'pending';
export const WRONG_TOTP_MESSAGE = 'Kode salah atau sudah kedaluwarsa. Masukkan kode terbaru dari aplikasi.';

export interface TotpPageOptions {
  regionName: string;
  request: AuthorizeRequest;
  pending: string;
  error?: string;
}

/** The second step for accounts with TOTP on, as Cognito's managed login asks for the code. */
export function totpPage(options: TotpPageOptions): string {
  const { error, invalid } = errorOf(options.error);
  return `${head(`Verifikasi dua langkah — Tuntas ${options.regionName}`)}
<body>
<main>
<h1>Verifikasi dua langkah</h1>
<p>Buka aplikasi autentikator di ponsel Anda dan masukkan kode untuk Tuntas ${escape(options.regionName)}.</p>
${error}
<form method="post" action="/login/mfa">
${hiddenFields(options.request, { [PENDING_FIELD]: options.pending })}
<label for="${TOTP_FIELD}">Kode 6 digit dari aplikasi autentikator</label>
<input id="${TOTP_FIELD}" name="${TOTP_FIELD}" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6" required${invalid}>
<button type="submit">Verifikasi</button>
</form>
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
