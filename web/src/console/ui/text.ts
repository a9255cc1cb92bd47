import type { Texts } from '../text';

const id = {
  loading: 'Memuat…',
  loadFailed: 'Data tidak dapat dimuat. Periksa sambungan, lalu coba lagi.',
  retry: 'Coba lagi',
  more: 'Muat lebih banyak',
  saving: 'Menyimpan…',
  cancel: 'Batal',
  errorTitle: 'Belum dapat disimpan',
  invalidField: (label: string) => `${label}: isian belum benar.`,
  errors: {
    VALIDATION_FAILED: 'Ada isian yang belum benar.',
    NOT_FOUND: 'Data tidak ditemukan. Muat ulang halaman.',
    INVALID_TRANSITION: 'Tindakan ini tidak dapat dilakukan pada status saat ini. Muat ulang halaman.',
    CONFLICT: 'Data ini sudah ada atau tindakan ini sudah dilakukan.',
    CONCURRENT_MODIFICATION: 'Data baru saja diubah orang lain. Muat ulang, lalu coba lagi.',
    IDEMPOTENCY_KEY_REUSED: 'Formulir ini sudah dikirim dengan isi berbeda. Muat ulang halaman, lalu kirim lagi.',
    FORBIDDEN: 'Akun Anda tidak boleh melakukan tindakan ini.',
    RATE_LIMITED: 'Terlalu banyak permintaan. Coba lagi sebentar lagi.',
    INTERNAL: 'Terjadi gangguan pada sistem. Coba lagi beberapa saat lagi.',
    NETWORK: 'Tidak tersambung ke server. Periksa sambungan, lalu coba lagi.',
    UNKNOWN: 'Permintaan tidak dapat diproses.',
  } as Record<string, string>,
  picker: {
    filter: 'Cari perangkat daerah',
    chosen: (n: number) => (n === 0 ? 'Belum ada yang dipilih.' : `${n} perangkat daerah dipilih.`),
    none: 'Tidak ada perangkat daerah yang cocok.',
  },
  allOption: 'Semua',
};

export const uiText: Texts<typeof id> = {
  id,
  en: {
    loading: 'Loading…',
    loadFailed: 'The data could not be loaded. Check the connection, then try again.',
    retry: 'Try again',
    more: 'Load more',
    saving: 'Saving…',
    cancel: 'Cancel',
    errorTitle: 'Not saved yet',
    invalidField: (label) => `${label}: not valid.`,
    errors: {
      VALIDATION_FAILED: 'Some fields are not valid.',
      NOT_FOUND: 'Not found. Reload the page.',
      INVALID_TRANSITION: 'This action is not possible in the current status. Reload the page.',
      CONFLICT: 'This already exists or was already done.',
      CONCURRENT_MODIFICATION: 'Someone else just changed this. Reload, then try again.',
      IDEMPOTENCY_KEY_REUSED: 'This form was already sent with different content. Reload the page, then send again.',
      FORBIDDEN: 'Your account may not do this.',
      RATE_LIMITED: 'Too many requests. Try again shortly.',
      INTERNAL: 'The system had a problem. Try again in a moment.',
      NETWORK: 'No connection to the server. Check the connection, then try again.',
      UNKNOWN: 'The request could not be processed.',
    },
    picker: {
      filter: 'Search agencies',
      chosen: (n) => (n === 0 ? 'None chosen yet.' : `${n} ${n === 1 ? 'agency' : 'agencies'} chosen.`),
      none: 'No agency matches.',
    },
    allOption: 'All',
  },
};
