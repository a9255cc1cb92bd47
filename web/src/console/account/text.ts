import type { Texts } from '../text';

const id = {
  title: 'Aktifkan verifikasi dua langkah',
  why:
    'Akun koordinator dapat mendisposisikan, mengoreksi, dan menutup semua aduan serta mengelola akun petugas. ' +
    'Karena itu, selain kata sandi, masuk sebagai koordinator memerlukan kode dari aplikasi autentikator di ponsel Anda.',
  step1: 'Pasang aplikasi autentikator di ponsel Anda, misalnya Google Authenticator, Microsoft Authenticator, atau Aegis.',
  step2: 'Pindai kode QR ini dengan aplikasi tersebut.',
  qrLabel: 'Kode QR untuk aplikasi autentikator',
  manual: 'Tidak bisa memindai? Masukkan kunci ini di aplikasi:',
  keyLabel: 'Kunci rahasia',
  openInApp: 'Buka di aplikasi autentikator (di ponsel ini)',
  step3: 'Masukkan kode 6 digit yang muncul di aplikasi.',
  codeLabel: 'Kode 6 digit',
  codeHint: 'Kode berganti setiap 30 detik.',
  submit: 'Aktifkan',
  preparing: 'Menyiapkan kunci…',
  checking: 'Memeriksa kode…',
  codeFormat: 'Masukkan 6 angka dari aplikasi.',
  mismatch: 'Kode tidak cocok. Periksa jam ponsel Anda, lalu masukkan kode terbaru.',
  failed: 'Verifikasi dua langkah belum dapat disiapkan. Periksa koneksi, lalu coba lagi.',
  retry: 'Coba lagi',
  problemsTitle: 'Belum berhasil',
  done: 'Verifikasi dua langkah aktif. Mulai sekarang, setiap kali masuk Anda diminta kode dari aplikasi.',
  deviceName: 'Aplikasi autentikator',
};

export const accountText: Texts<typeof id> = {
  id,
  en: {
    title: 'Turn on two-step verification',
    why:
      'A coordinator account can disposition, correct and close every complaint and manage staff accounts. ' +
      'So besides the password, signing in as a coordinator needs a code from an authenticator app on your phone.',
    step1: 'Install an authenticator app on your phone, such as Google Authenticator, Microsoft Authenticator or Aegis.',
    step2: 'Scan this QR code with that app.',
    qrLabel: 'QR code for the authenticator app',
    manual: 'Cannot scan? Enter this key in the app:',
    keyLabel: 'Secret key',
    openInApp: 'Open in the authenticator app (on this phone)',
    step3: 'Enter the 6-digit code the app shows.',
    codeLabel: '6-digit code',
    codeHint: 'The code changes every 30 seconds.',
    submit: 'Turn on',
    preparing: 'Preparing the key…',
    checking: 'Checking the code…',
    codeFormat: 'Enter the 6 digits from the app.',
    mismatch: 'The code does not match. Check the time on your phone, then enter the newest code.',
    failed: 'Two-step verification could not be prepared. Check the connection, then try again.',
    retry: 'Try again',
    problemsTitle: 'Not done yet',
    done: 'Two-step verification is on. From now on every sign-in asks for a code from the app.',
    deviceName: 'Authenticator app',
  },
};
