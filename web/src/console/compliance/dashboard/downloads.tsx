// The CSV downloads. The API wants the bearer token, which a plain link cannot send: the page
// fetches the file and saves it through an object URL. A complaint export too large to answer
// inline comes back as a short-lived link to storage (delivery=link), opened directly: the file
// then streams to disk instead of through memory.
import { useState } from 'preact/hooks';
import { staffApi } from '../../api';
import { useText } from '../../text';
import { complianceText } from '../text';

export function Downloads(props: { period: string }) {
  const t = useText(complianceText);
  const [status, setStatus] = useState<{ busy?: boolean; message?: string; failed?: boolean }>({});
  const { from, to } = dateRange(props.period);

  const run = async (fileName: string, fetchFile: () => Promise<{ blob?: Blob; link?: string }>) => {
    setStatus({ busy: true, message: t.downloading });
    try {
      const file = await fetchFile();
      if (file.link) save(file.link);
      else if (file.blob) {
        const url = URL.createObjectURL(file.blob);
        save(url, fileName);
        setTimeout(() => URL.revokeObjectURL(url), 60_000);
      } else throw new Error('no file');
      setStatus({ message: t.downloaded(fileName) });
    } catch {
      setStatus({ failed: true, message: t.downloadFailed });
    }
  };

  const compliance = () =>
    run(`kepatuhan-${props.period}.csv`, async () => {
      const { data, response } = await (await staffApi()).GET('/reports/compliance', { params: { query: { period: props.period, format: 'csv' } }, parseAs: 'blob' });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return { blob: data as Blob };
    });
  const complaints = () =>
    run(`pengaduan-${from}-${to}.csv`, async () => {
      const { data, response } = await (await staffApi()).GET('/reports/complaints', {
        params: { query: { from, to, format: 'csv', delivery: 'link' } },
        parseAs: 'blob',
      });
      if (response.status === 201) return { link: (JSON.parse(await (data as Blob).text()) as { downloadUrl: string }).downloadUrl };
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return { blob: data as Blob };
    });

  return (
    <section aria-labelledby="downloads-title">
      <h2 id="downloads-title">{t.downloadsTitle}</h2>
      <div class="actions">
        <button type="button" class="button" disabled={status.busy} onClick={compliance}>{t.downloadCompliance}</button>
        <button type="button" class="button" disabled={status.busy} onClick={complaints}>{t.downloadComplaints}</button>
      </div>
      <div role="status">{status.message && <p class={status.failed ? 'error' : undefined}>{status.message}</p>}</div>
    </section>
  );
}

function save(href: string, fileName?: string): void {
  const a = document.createElement('a');
  a.href = href;
  if (fileName) a.download = fileName;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
}

/** The period's first and last calendar day, as the export's from/to (both inclusive). */
function dateRange(period: string): { from: string; to: string } {
  const [year, month] = period.split('-').map(Number) as [number, number | undefined];
  if (!month) return { from: `${year}-01-01`, to: `${year}-12-31` };
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const mm = String(month).padStart(2, '0');
  return { from: `${year}-${mm}-01`, to: `${year}-${mm}-${last}` };
}
