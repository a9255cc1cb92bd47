import type { Texts } from '../text';

const id = {
  consoleName: 'Konsol petugas',
  nav: {
    label: 'Menu konsol',
    queue: 'Antrean aduan',
    keyIn: 'Input aduan',
    agencies: 'Perangkat daerah',
    staff: 'Akun petugas',
    undelivered: 'Email gagal terkirim',
    inbox: 'Disposisi masuk',
    performance: 'Kinerja %TL',
    compliance: 'Kepatuhan',
  },
  roles: { admin: 'Koordinator', agency: 'Admin penghubung', auditor: 'Auditor' },
  signedInAs: (name: string, role: string) => `Masuk sebagai ${name} (${role})`,
  signOut: 'Keluar',
  redirecting: 'Mengalihkan ke halaman masuk…',
  signingIn: 'Menyelesaikan proses masuk…',
  signInFailed: 'Proses masuk gagal. Silakan coba lagi.',
  tryAgain: 'Masuk lagi',
  notFoundTitle: 'Halaman tidak ditemukan',
  notFound: 'Halaman ini tidak ada atau tidak dapat Anda buka dengan akun ini.',
  backToConsole: 'Kembali ke konsol',
};

export const shellText: Texts<typeof id> = {
  id,
  en: {
    consoleName: 'Staff console',
    nav: {
      label: 'Console menu',
      queue: 'Complaint queue',
      keyIn: 'Key in a complaint',
      agencies: 'Agencies',
      staff: 'Staff accounts',
      undelivered: 'Undelivered emails',
      inbox: 'Dispositions',
      performance: '%TL performance',
      compliance: 'Compliance',
    },
    roles: { admin: 'Coordinator', agency: 'Agency officer', auditor: 'Auditor' },
    signedInAs: (name, role) => `Signed in as ${name} (${role})`,
    signOut: 'Sign out',
    redirecting: 'Taking you to the sign-in page…',
    signingIn: 'Finishing sign-in…',
    signInFailed: 'Sign-in failed. Please try again.',
    tryAgain: 'Sign in again',
    notFoundTitle: 'Page not found',
    notFound: 'This page does not exist or cannot be opened with this account.',
    backToConsole: 'Back to the console',
  },
};
