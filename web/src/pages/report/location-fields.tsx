import { useState } from 'preact/hooks';
import { useI18n } from '../../i18n';
import { describedBy, Field } from '../../ui/fields';
import { useRegion } from '../../ui/region';
import type { Draft } from './draft';

export function LocationFields({ draft, update, error }: { draft: Draft; update: (patch: Partial<Draft>) => void; error?: string }) {
  const { t } = useI18n();
  const region = useRegion();
  const [note, setNote] = useState('');
  const desa = region.areas.find((a) => a.kecamatan === draft.kecamatan)?.desa ?? [];
  const locate = () =>
    navigator.geolocation?.getCurrentPosition(
      (p) => (update({ coords: { lat: p.coords.latitude, lon: p.coords.longitude } }), setNote(t.form.locationAdded)),
      () => setNote(t.form.locationFailed),
      { timeout: 15000 },
    );
  return (
    <fieldset>
      <legend>{t.form.location}</legend>
      {region.areas.length > 0 && (
        <Field id="kecamatan" label={t.form.kecamatan}>
          <select id="kecamatan" value={draft.kecamatan} onChange={(e) => update({ kecamatan: e.currentTarget.value, desa: '' })}>
            <option value="">{t.form.choose}</option>
            {region.areas.map((a) => <option key={a.kecamatan} value={a.kecamatan}>{a.kecamatan}</option>)}
          </select>
        </Field>
      )}
      {desa.length > 0 && (
        <Field id="desa" label={t.form.desa}>
          <select id="desa" value={draft.desa} onChange={(e) => update({ desa: e.currentTarget.value })}>
            <option value="">{t.form.choose}</option>
            {desa.map((d) => <option key={d} value={d}>{d}</option>)}
          </select>
        </Field>
      )}
      <Field id="address" label={t.form.address} error={error}>
        <input id="address" type="text" maxLength={500} value={draft.address} onInput={(e) => update({ address: e.currentTarget.value })} aria-describedby={describedBy('address', false, error)} />
      </Field>
      {'geolocation' in navigator && (
        <button type="button" class="button" onClick={locate}>{t.form.useMyLocation}</button>
      )}
      <p class="hint" aria-live="polite">{note}</p>
    </fieldset>
  );
}
