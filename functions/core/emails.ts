// Emails people read, in Bahasa Indonesia, as HTML and plain text. Everything that came from a
// citizen or an officer is escaped before it goes into HTML. No email ever carries a reporter's
// access token, and agencies' emails never carry a reporter's contact details.

import type { OverdueVerification } from './compliance-reader';
import { formatPctId } from './compliance';
import type { AgencyCompliance, ComplianceNumbers, OpenDispositionLine } from './compliance-report';
import type { ComplaintRecord, Disposition, Notification, TimelineEntry } from './model';
import type { EmailMessage } from '../ports/mail';

export interface EmailContext {
  regionName: string;
  timeZone: string;
  passingGrade: number;
  /** The citizen portal: emails to reporters link to its tracking page (never with the access code). */
  webUrl: string;
}

/** The reporter's tracking page for one complaint; the reporter enters the access code there. */
export const trackingPageUrl = (ctx: EmailContext, trackingId: string) => `${ctx.webUrl}/lacak/${encodeURIComponent(trackingId)}`;

const STATUS_LABELS: Record<string, string> = {
  SUBMITTED: 'Belum terverifikasi',
  ON_HOLD: 'Ditunda',
  ARCHIVED: 'Diarsipkan',
  NOT_AUTHORITY: 'Bukan wewenang',
  DISPOSITIONED: 'Terdisposisi, belum ditindaklanjuti',
  IN_PROGRESS: 'Dalam proses',
  COMPLETED: 'Selesai',
  RETURNED: 'Dikembalikan ke koordinator',
  ESCALATED: 'Diteruskan ke Ombudsman',
  PENDING: 'Belum ditindaklanjuti',
};

const CLASSIFICATION_LABELS: Record<string, string> = {
  ASPIRASI: 'Aspirasi',
  PENGADUAN: 'Pengaduan',
  PERMINTAAN_INFORMASI: 'Permintaan informasi',
};

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

export function formatDateId(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('id-ID', { timeZone, day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(iso));
}

export function formatPeriodId(period: string): string {
  if (period.length === 4) return `tahun ${period}`;
  const [year, month] = period.split('-').map(Number) as [number, number];
  const name = new Intl.DateTimeFormat('id-ID', { month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(year, month - 1, 1)));
  return `${name} ${year}`;
}

const num = (n: number) => new Intl.NumberFormat('id-ID').format(n);
const hours = (h: number | null) => (h === null ? 'tidak ada data' : `${new Intl.NumberFormat('id-ID', { maximumFractionDigits: 1 }).format(h)} jam`);

/** The warning to one agency below the passing grade. */
export function agencyWarningEmail(input: {
  ctx: EmailContext;
  to: string[];
  year: AgencyCompliance;
  month: AgencyCompliance;
  region: ComplianceNumbers;
  open: readonly OpenDispositionLine[];
}): EmailMessage {
  const { ctx, year, month, region } = input;
  const subject = `[${ctx.regionName}] Peringatan %TL ${year.name}: ${formatPctId(year.pctTL)} (di bawah ${ctx.passingGrade}%)`;
  const rows: Array<[string, string, string]> = [
    ['Laporan diterima', num(year.received), num(month.received)],
    ['Belum ditindaklanjuti', num(year.pending), num(month.pending)],
    ['Dalam proses', num(year.inProgress), num(month.inProgress)],
    ['Selesai', num(year.completed), num(month.completed)],
    ['%TL', formatPctId(year.pctTL), formatPctId(month.pctTL)],
    ['Melewati batas waktu tindak lanjut', num(year.overdue), num(month.overdue)],
    ['Dapat diteruskan ke Ombudsman', num(year.escalationEligible), num(month.escalationEligible)],
    ['Median waktu sampai tindak lanjut pertama', hours(year.medianHoursToFirstFollowUp), hours(month.medianHoursToFirstFollowUp)],
  ];
  const lines = input.open.map((line) => ({
    ...line,
    note: [line.overdue ? 'melewati batas waktu' : '', line.escalationEligible ? 'dapat diteruskan ke Ombudsman' : '']
      .filter(Boolean)
      .join(', '),
  }));
  const yearLabel = formatPeriodId(year.period);
  const monthLabel = formatPeriodId(month.period);
  const intro =
    `Persentase tindak lanjut (%TL) ${year.name} untuk ${yearLabel} adalah ${formatPctId(year.pctTL)}, ` +
    `di bawah nilai minimal (passing grade) ${ctx.passingGrade}%. Rata-rata ${ctx.regionName} adalah ${formatPctId(region.pctTL)}.`;
  const ask =
    'Mohon segera menindaklanjuti laporan yang belum ditindaklanjuti di bawah ini, dimulai dari yang paling lama. ' +
    'Setiap tindak lanjut dicatat dan dapat dilihat oleh pelapor.';

  const text = [
    `Yth. Admin Penghubung ${year.name},`,
    '',
    intro,
    '',
    `Angka ${yearLabel} / ${monthLabel}:`,
    ...rows.map(([label, y, m]) => `- ${label}: ${y} / ${m}`),
    '',
    ask,
    '',
    lines.length === 0 ? 'Tidak ada laporan yang menunggu.' : `Laporan yang menunggu (${lines.length}):`,
    ...lines.map(
      (l) =>
        `- ${l.trackingId} | ${l.title} | menunggu ${l.daysWaiting} hari | batas ${formatDateId(l.deadline, ctx.timeZone)} | ${STATUS_LABELS[l.status]}${l.note ? ` | ${l.note}` : ''}`,
    ),
    '',
    `Pesan ini dikirim otomatis oleh sistem pengelolaan pengaduan ${ctx.regionName}.`,
  ].join('\n');

  const html = page(
    subject,
    `<p>Yth. Admin Penghubung ${escapeHtml(year.name)},</p>
<p>${escapeHtml(intro)}</p>
<table border="1" cellpadding="6" cellspacing="0" style="border-collapse:collapse">
<thead><tr><th align="left">Angka</th><th>${escapeHtml(yearLabel)}</th><th>${escapeHtml(monthLabel)}</th></tr></thead>
<tbody>${rows.map(([label, y, m]) => `<tr><td>${escapeHtml(label)}</td><td align="right">${escapeHtml(y)}</td><td align="right">${escapeHtml(m)}</td></tr>`).join('')}</tbody>
</table>
<p>${escapeHtml(ask)}</p>
${
  lines.length === 0
    ? '<p>Tidak ada laporan yang menunggu.</p>'
    : `<table border="1" cellpadding="6" cellspacing="0" style="border-collapse:collapse">
<thead><tr><th>Nomor pelacakan</th><th>Judul</th><th>Menunggu</th><th>Batas waktu</th><th>Status</th><th>Catatan</th></tr></thead>
<tbody>${lines
        .map(
          (l) =>
            `<tr><td>${escapeHtml(l.trackingId)}</td><td>${escapeHtml(l.title)}</td><td align="right">${l.daysWaiting} hari</td><td>${escapeHtml(formatDateId(l.deadline, ctx.timeZone))}</td><td>${escapeHtml(STATUS_LABELS[l.status] ?? l.status)}</td><td>${escapeHtml(l.note)}</td></tr>`,
        )
        .join('')}</tbody>
</table>`
}
<p style="color:#666">Pesan ini dikirim otomatis oleh sistem pengelolaan pengaduan ${escapeHtml(ctx.regionName)}.</p>`,
  );
  return { to: input.to, subject, text, html };
}

/** The coordinator's summary: every agency ranked by %TL, those below the passing grade marked. */
export function coordinatorSummaryEmail(input: {
  ctx: EmailContext;
  to: string[];
  localDate: string;
  ranked: readonly AgencyCompliance[];
  region: ComplianceNumbers;
  warned: readonly string[];
  /** Reports the coordinator has not verified within the deadline, oldest first: named in the email. */
  overdueVerifications?: readonly OverdueVerification[];
}): EmailMessage {
  const { ctx, ranked, region } = input;
  const late = input.overdueVerifications ?? [];
  const lateShown = late.slice(0, 50);
  const lateLines = lateShown.map(
    (v) => `${v.trackingId} — ${v.title} (masuk ${formatDateId(v.submittedAt, ctx.timeZone)}, batas verifikasi ${formatDateId(v.verificationDeadline, ctx.timeZone)})`,
  );
  const lateIntro =
    late.length === 0
      ? 'Semua laporan masuk telah diverifikasi tepat waktu.'
      : `${num(late.length)} laporan belum diverifikasi melewati batas waktu verifikasi` + (late.length > lateShown.length ? ` (${num(lateShown.length)} terlama ditampilkan):` : ':');
  const period = ranked[0]?.period ?? input.localDate.slice(0, 4);
  const below = ranked.filter((a) => a.belowThreshold);
  const subject = `[${ctx.regionName}] Ringkasan %TL ${formatPeriodId(period)}: ${below.length} perangkat daerah di bawah ${ctx.passingGrade}%`;
  const intro =
    `%TL ${ctx.regionName} ${formatPeriodId(period)} per ${formatDateId(`${input.localDate}T12:00:00Z`, 'UTC')}: ${formatPctId(region.pctTL)} ` +
    `(${num(region.followedUp)} dari ${num(region.received)} laporan ditindaklanjuti). ` +
    `${below.length} perangkat daerah di bawah passing grade ${ctx.passingGrade}%; ${input.warned.length} menerima peringatan pada pengiriman ini.`;
  const mark = (a: AgencyCompliance) => (a.belowThreshold ? 'DI BAWAH' : a.pctTL === null ? 'tidak ada data' : 'memenuhi');
  const text = [
    'Yth. Koordinator Pengelola Pengaduan,',
    '',
    intro,
    '',
    'Peringkat perangkat daerah (terendah lebih dulu):',
    ...ranked.map(
      (a, i) =>
        `${i + 1}. ${a.name}: ${formatPctId(a.pctTL)} (${num(a.followedUp)}/${num(a.received)}), terlambat ${num(a.overdue)}, dapat ke Ombudsman ${num(a.escalationEligible)} — ${mark(a)}`,
    ),
    '',
    `Verifikasi: ${lateIntro}`,
    ...lateLines.map((l) => `- ${l}`),
  ].join('\n');
  const html = page(
    subject,
    `<p>Yth. Koordinator Pengelola Pengaduan,</p>
<p>${escapeHtml(intro)}</p>
<table border="1" cellpadding="6" cellspacing="0" style="border-collapse:collapse">
<thead><tr><th>#</th><th align="left">Perangkat daerah</th><th>%TL</th><th>Ditindaklanjuti / diterima</th><th>Terlambat</th><th>Dapat ke Ombudsman</th><th>Keterangan</th></tr></thead>
<tbody>${ranked
      .map(
        (a, i) =>
          `<tr${a.belowThreshold ? ' style="background:#fde2e2"' : ''}><td>${i + 1}</td><td>${escapeHtml(a.name)}</td><td align="right">${escapeHtml(formatPctId(a.pctTL))}</td><td align="right">${num(a.followedUp)} / ${num(a.received)}</td><td align="right">${num(a.overdue)}</td><td align="right">${num(a.escalationEligible)}</td><td>${a.belowThreshold ? '<strong>DI BAWAH</strong>' : escapeHtml(mark(a))}</td></tr>`,
      )
      .join('')}</tbody>
</table>
<h3>Verifikasi</h3><p>${escapeHtml(lateIntro)}</p>${lateLines.length ? `<ul>${lateLines.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>` : ''}`,
  );
  return { to: input.to, subject, text, html };
}

/** Tells a reporter that their report may now go to the Ombudsman. Never includes the access token. */
export function escalationEligibleEmail(input: { ctx: EmailContext; to: string; record: ComplaintRecord; escalationDays: number }): EmailMessage {
  const c = input.record.complaint;
  const subject = `[${input.ctx.regionName}] Laporan ${c.trackingId} dapat diteruskan ke Ombudsman`;
  const body = [
    `Laporan Anda "${c.title}" (nomor pelacakan ${c.trackingId}) yang disampaikan pada ${formatDateId(c.submittedAt, input.ctx.timeZone)} ` +
      `belum mendapat tindak lanjut selama ${input.escalationDays} hari.`,
    'Anda berhak meneruskan laporan ini ke Ombudsman Republik Indonesia. Buka laporan Anda di ' +
      `${trackingPageUrl(input.ctx, c.trackingId)} dengan kode akses yang Anda terima saat melapor, lalu pilih "Teruskan ke Ombudsman".`,
    'Jika Anda tidak ingin meneruskannya, tidak perlu melakukan apa pun.',
  ];
  return {
    to: [input.to],
    subject,
    text: ['Yth. Pelapor,', '', ...body.flatMap((p) => [p, '']), `Salam,\n${input.ctx.regionName}`].join('\n'),
    html: page(subject, `<p>Yth. Pelapor,</p>${body.map((p) => `<p>${escapeHtml(p)}</p>`).join('')}<p>Salam,<br>${escapeHtml(input.ctx.regionName)}</p>`),
  };
}

/** The report forwarded to the Ombudsman at the reporter's request. */
export function ombudsmanReportEmail(input: { ctx: EmailContext; to: string; record: ComplaintRecord; escalationDays: number }): EmailMessage {
  const { complaint: c, dispositions, timeline } = input.record;
  const tz = input.ctx.timeZone;
  const subject = `[${input.ctx.regionName}] Penerusan laporan ${c.trackingId}: tidak ditindaklanjuti ${input.escalationDays} hari`;
  // Contact details only with the reporter's consent at escalation, and never for an anonymous report.
  const shareContact = c.escalation?.shareContact === true && !c.anonymous;
  const reporter = c.anonymous
    ? 'Anonim (identitas pelapor dirahasiakan)'
    : shareContact
      ? [c.reporter?.name, c.reporter?.email, c.reporter?.phone].filter(Boolean).join(', ') || 'Tidak dicantumkan'
      : `${c.reporter?.name ?? 'Tidak dicantumkan'} (pelapor tidak menyetujui kontaknya dibagikan)`;
  const facts: Array<[string, string]> = [
    ['Nomor pelacakan', c.trackingId],
    ['Klasifikasi', CLASSIFICATION_LABELS[c.classification] ?? c.classification],
    ['Judul', c.title],
    ['Kategori', c.category ?? '-'],
    ['Lokasi', c.location?.address ?? '-'],
    ['Tanggal laporan', formatDateId(c.submittedAt, tz)],
    ['Status sebelum diteruskan', STATUS_LABELS[timeline.findLast((e) => e.type === 'ESCALATED')?.fromStatus ?? c.status] ?? c.status],
    ['Pelapor', reporter],
    ['Rahasia', c.confidential ? 'Ya' : 'Tidak'],
  ];
  const dispositionLines = dispositions.map(
    (d) =>
      `${d.agencyName}: ${STATUS_LABELS[d.status] ?? d.status}, didisposisikan ${formatDateId(d.dispositionedAt, tz)}, batas ${formatDateId(d.deadline, tz)}` +
      (d.lastFollowUpAt ? `, tindak lanjut terakhir ${formatDateId(d.lastFollowUpAt, tz)}` : ''),
  );
  const intro = `Pelapor meneruskan laporan berikut ke Ombudsman karena tidak mendapat tindak lanjut selama ${input.escalationDays} hari atau lebih.`;
  const text = [
    'Yth. Ombudsman Republik Indonesia,',
    '',
    intro,
    '',
    ...facts.map(([k, v]) => `${k}: ${v}`),
    '',
    'Uraian:',
    c.description,
    '',
    'Disposisi:',
    ...(dispositionLines.length ? dispositionLines.map((l) => `- ${l}`) : ['- Belum didisposisikan']),
    '',
    `Dikirim otomatis oleh sistem pengelolaan pengaduan ${input.ctx.regionName}.`,
  ].join('\n');
  const html = page(
    subject,
    `<p>Yth. Ombudsman Republik Indonesia,</p><p>${escapeHtml(intro)}</p>
<table border="1" cellpadding="6" cellspacing="0" style="border-collapse:collapse">${facts
      .map(([k, v]) => `<tr><th align="left">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`)
      .join('')}</table>
<h3>Uraian</h3><p style="white-space:pre-wrap">${escapeHtml(c.description)}</p>
<h3>Disposisi</h3><ul>${(dispositionLines.length ? dispositionLines : ['Belum didisposisikan']).map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>
<p style="color:#666">Dikirim otomatis oleh sistem pengelolaan pengaduan ${escapeHtml(input.ctx.regionName)}.</p>`,
  );
  return { to: [input.to], subject, text, html };
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="id"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body style="font-family:Arial,sans-serif;font-size:14px">${body}</body></html>`;
}

/** The email for one outbox notification, or undefined when its kind needs no email here. */
export function notificationEmail(input: {
  ctx: EmailContext;
  notification: Notification;
  record: ComplaintRecord;
  to: string[];
  reopenWindowDays: number;
  escalationDays: number;
  /** The reply window before auto-close, named in the completion and closing emails. */
  autoCloseWorkingDays?: number;
}): EmailMessage {
  const { ctx, notification: n, record } = input;
  const c = record.complaint;
  const tz = ctx.timeZone;
  const version = n.seq.split('.')[0];
  const sameChange = record.timeline.filter((e) => e.seq.split('.')[0] === version);
  const entry = (type: TimelineEntry['type']) => sameChange.find((e) => e.type === type);
  const agencyName = (agencyId: string | undefined) =>
    record.dispositions.find((d) => d.agencyId === agencyId)?.agencyName ?? agencyId ?? '';
  const viewHint = `Lihat perkembangan laporan Anda di ${trackingPageUrl(ctx, c.trackingId)} dengan kode akses yang Anda terima saat melapor.`;

  let subject: string;
  let paragraphs: string[];
  switch (n.kind) {
    case 'COMPLAINT_VERIFIED': {
      const verified = entry('VERIFIED');
      const action = verified?.details?.action;
      const reason = verified?.message;
      if (action === 'DISPOSITION') {
        const disposed = sameChange.filter((e) => e.type === 'DISPOSITIONED');
        const deadline = disposed[0]?.details?.deadline;
        subject = `[${ctx.regionName}] Laporan ${c.trackingId} diverifikasi dan diteruskan`;
        paragraphs = [
          `Laporan Anda "${c.title}" (${c.trackingId}) telah diverifikasi dan diteruskan kepada: ${disposed.map((e) => agencyName(e.agencyId)).join(', ')}.`,
          ...(typeof deadline === 'string' ? [`Instansi wajib menindaklanjutinya paling lambat ${formatDateId(deadline, tz)}.`] : []),
          viewHint,
        ];
      } else {
        const outcome = action === 'HOLD' ? 'ditunda' : action === 'ARCHIVE' ? 'diarsipkan' : 'dinyatakan bukan wewenang pemerintah daerah';
        subject = `[${ctx.regionName}] Laporan ${c.trackingId} ${outcome}`;
        paragraphs = [
          `Laporan Anda "${c.title}" (${c.trackingId}) ${outcome}.`,
          ...(reason ? [`Alasan: ${reason}`] : []),
          action === 'HOLD'
            ? 'Koordinator akan memverifikasinya kembali; Anda dapat menambahkan keterangan melalui tanggapan pada laporan Anda.'
            : 'Jika Anda tidak sependapat, Anda dapat menyampaikan tanggapan pada laporan Anda.',
          viewHint,
        ];
      }
      break;
    }
    case 'FOLLOW_UP_POSTED': {
      const followUp = entry('FOLLOWED_UP');
      subject = `[${ctx.regionName}] Tindak lanjut baru untuk laporan ${c.trackingId}`;
      paragraphs = [
        `${agencyName(followUp?.agencyId)} menindaklanjuti laporan Anda "${c.title}" (${c.trackingId}):`,
        followUp?.message ?? '',
        `Anda dapat menanggapi tindak lanjut ini melalui laporan Anda. ${viewHint}`,
      ];
      break;
    }
    case 'COMPLAINT_COMPLETED': {
      const followUp = entry('FOLLOWED_UP');
      subject = `[${ctx.regionName}] Laporan ${c.trackingId} selesai ditindaklanjuti`;
      paragraphs = [
        `Laporan Anda "${c.title}" (${c.trackingId}) telah selesai ditindaklanjuti.`,
        ...(followUp?.message ? [`Tindak lanjut terakhir dari ${agencyName(followUp.agencyId)}: ${followUp.message}`] : []),
        `Berikan penilaian (1-5) atas penanganannya, atau buka kembali laporan dalam ${input.reopenWindowDays} hari jika masalahnya belum tuntas.`,
        ...(c.autoCloseAt && !c.closedAt
          ? [
              `Jika Anda tidak menanggapi sampai ${formatDateId(c.autoCloseAt, tz)}${input.autoCloseWorkingDays ? ` (${input.autoCloseWorkingDays} hari kerja)` : ''}, laporan ditutup otomatis dan tidak dapat dibuka kembali. Setiap tanggapan Anda memperpanjang batas itu.`,
            ]
          : []),
        viewHint,
      ];
      break;
    }
    case 'COMPLAINT_CLOSED': {
      const closed = entry('CLOSED');
      const days = closed?.details?.workingDays ?? input.autoCloseWorkingDays;
      subject = `[${ctx.regionName}] Laporan ${c.trackingId} ditutup`;
      paragraphs = [
        `Laporan Anda "${c.title}" (${c.trackingId}) telah selesai ditindaklanjuti dan kini ditutup, karena tidak ada tanggapan dari Anda${days ? ` dalam ${days} hari kerja` : ''} setelah penyelesaiannya.`,
        'Laporan yang sudah ditutup tidak dapat dibuka kembali. Jika masalahnya muncul lagi atau belum tuntas, silakan sampaikan laporan baru dengan menyebutkan nomor pelacakan ini.',
        viewHint,
      ];
      break;
    }
    case 'COMPLAINT_REOPENED':
      subject = `[${ctx.regionName}] Laporan ${c.trackingId} dibuka kembali`;
      paragraphs = [
        `Laporan Anda "${c.title}" (${c.trackingId}) dibuka kembali sesuai permintaan Anda. Instansi terkait telah diberi tahu dan akan menindaklanjutinya kembali.`,
        viewHint,
      ];
      break;
    case 'OMBUDSMAN_FORWARD':
      return ombudsmanReportEmail({ ctx, to: input.to[0] ?? '', record, escalationDays: input.escalationDays });
    case 'ESCALATION_ELIGIBLE':
      return escalationEligibleEmail({ ctx, to: input.to[0] ?? '', record, escalationDays: input.escalationDays });
    case 'NEW_DISPOSITION':
    case 'DISPOSITION_REOPENED': {
      const agencyId = n.recipient.type === 'agency' ? n.recipient.agencyId : undefined;
      const disposition = record.dispositions.find((d) => d.agencyId === agencyId);
      const reopened = n.kind === 'DISPOSITION_REOPENED';
      const reporterMessage = reopened ? entry('REPORTER_RESPONDED')?.message : undefined;
      subject = reopened
        ? `[${ctx.regionName}] Laporan ${c.trackingId} dibuka kembali oleh pelapor`
        : `[${ctx.regionName}] Disposisi baru ${c.trackingId}: ${c.title}`;
      paragraphs = [
        `Yth. Admin Penghubung ${disposition?.agencyName ?? agencyId},`,
        reopened
          ? `Pelapor membuka kembali laporan "${c.title}" (${c.trackingId}) yang telah Anda selesaikan. Mohon tindak lanjuti kembali.`
          : `Anda menerima disposisi laporan "${c.title}" (${c.trackingId}, ${CLASSIFICATION_LABELS[c.classification] ?? c.classification}${c.category ? `, ${c.category}` : ''}).`,
        ...(reporterMessage ? [`Tanggapan pelapor: ${reporterMessage}`] : []),
        `Uraian: ${c.description}`,
        ...(c.location?.address ? [`Lokasi: ${c.location.address}`] : []),
        ...(disposition && !reopened ? [`Batas waktu tindak lanjut: ${formatDateId(disposition.deadline, tz)}.`] : []),
        'Tindak lanjuti melalui aplikasi pengelolaan pengaduan (menu Disposisi). Jika laporan ini bukan wewenang instansi Anda, kembalikan dengan alasannya.',
      ];
      break;
    }
  }
  const greeting = n.recipient.type === 'reporter' ? ['Yth. Pelapor,'] : [];
  const closing = `Pesan ini dikirim otomatis oleh sistem pengelolaan pengaduan ${ctx.regionName}.`;
  const all = [...greeting, ...paragraphs.filter(Boolean)];
  return {
    to: input.to,
    subject,
    text: [...all.flatMap((p) => [p, '']), closing].join('\n'),
    html: page(subject, `${all.map((p) => `<p style="white-space:pre-wrap">${escapeHtml(p)}</p>`).join('')}<p style="color:#666">${escapeHtml(closing)}</p>`),
  };
}

/** An agency's morning list: pending dispositions due today or tomorrow, and those already overdue. */
export function agencyDigestEmail(input: {
  ctx: EmailContext;
  to: string[];
  agency: { name: string };
  due: readonly Disposition[];
  today: string;
  tomorrow: string;
  at: Date;
}): EmailMessage {
  const { ctx, agency, due } = input;
  const bucket = (d: Disposition) => {
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: ctx.timeZone }).format(new Date(d.deadline));
    return day < input.today ? 'terlambat' : day === input.today ? 'hari ini' : 'besok';
  };
  const overdue = due.filter((d) => bucket(d) === 'terlambat').length;
  const subject = `[${ctx.regionName}] ${due.length} disposisi ${agency.name} perlu ditindaklanjuti (${overdue} terlambat)`;
  const intro =
    `Berikut disposisi ${agency.name} yang belum ditindaklanjuti dan batas waktunya hari ini, besok, atau sudah lewat. ` +
    'Mohon tindak lanjuti sebelum batas waktu agar %TL instansi tetap di atas passing grade.';
  const lines = due.map(
    (d) => `${d.trackingId} | ${d.complaintTitle} | batas ${formatDateId(d.deadline, ctx.timeZone)} (${bucket(d)})`,
  );
  return {
    to: input.to,
    subject,
    text: [`Yth. Admin Penghubung ${agency.name},`, '', intro, '', ...lines.map((l) => `- ${l}`), '', `Pesan ini dikirim otomatis oleh sistem pengelolaan pengaduan ${ctx.regionName}.`].join('\n'),
    html: page(
      subject,
      `<p>Yth. Admin Penghubung ${escapeHtml(agency.name)},</p><p>${escapeHtml(intro)}</p>
<table border="1" cellpadding="6" cellspacing="0" style="border-collapse:collapse"><thead><tr><th>Nomor pelacakan</th><th>Judul</th><th>Batas waktu</th><th>Keterangan</th></tr></thead><tbody>${due
        .map(
          (d) =>
            `<tr${bucket(d) === 'terlambat' ? ' style="background:#fde2e2"' : ''}><td>${escapeHtml(d.trackingId)}</td><td>${escapeHtml(d.complaintTitle)}</td><td>${escapeHtml(formatDateId(d.deadline, ctx.timeZone))}</td><td>${bucket(d)}</td></tr>`,
        )
        .join('')}</tbody></table>
<p style="color:#666">Pesan ini dikirim otomatis oleh sistem pengelolaan pengaduan ${escapeHtml(ctx.regionName)}.</p>`,
    ),
  };
}

/**
 * The invitation a new staff account receives. In the cloud Cognito sends it with the pool's
 * placeholders ({username}, {####}) filled in; locally the issuer's user store sends it.
 */
export function staffInvitationEmail(input: {
  regionName: string;
  to: string;
  username: string;
  password: string;
  /** What the person must know about that password. */
  passwordNote: string;
  /** Where to sign in (the consoles); absent in the cloud template, where the portal's URL is not known to Cognito. */
  signInUrl?: string;
}): EmailMessage {
  const subject = `Akun Tuntas ${input.regionName}`;
  const lines = [
    `Anda didaftarkan sebagai petugas pengelola pengaduan ${input.regionName}.`,
    `Nama pengguna: ${input.username} — kata sandi: ${input.password} (${input.passwordNote}).`,
    ...(input.signInUrl ? [`Masuk ke konsol petugas di ${input.signInUrl}`] : []),
  ];
  return {
    to: [input.to],
    subject,
    text: lines.join('\n'),
    html: page(subject, lines.map((l) => `<p>${escapeHtml(l)}</p>`).join('')),
  };
}
