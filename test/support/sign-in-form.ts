// The local sign-in pages as a person fills them in a browser: the password form, then, for an
// account with TOTP set up, the code form with the code the authenticator app shows.

import type { Page } from 'playwright-core';
import { LOCAL_PASSWORD } from '../../lib/local/user-store';
import { totpCode } from './totp';

export async function fillSignInForms(page: Page, login: string, options: { password?: string; totpSecret?: string } = {}): Promise<void> {
  await page.getByRole('heading', { name: 'Masuk ke Tuntas' }).waitFor();
  await page.getByLabel('Nama pengguna atau email').fill(login);
  await page.getByLabel('Kata sandi').fill(options.password ?? LOCAL_PASSWORD);
  await page.getByRole('button', { name: 'Masuk' }).click();
  if (options.totpSecret === undefined) return;
  await page.getByRole('heading', { name: 'Verifikasi dua langkah' }).waitFor();
  await page.getByLabel('Kode 6 digit dari aplikasi autentikator').fill(totpCode(options.totpSecret));
  await page.getByRole('button', { name: 'Verifikasi' }).click();
}
