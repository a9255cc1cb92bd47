import { Link } from 'wouter-preact';
import { useI18n } from '../../i18n';
import { PageTitle } from '../../ui/page-title';
import { useRegion } from '../../ui/region';

export function Home() {
  const { t } = useI18n();
  const region = useRegion();
  return (
    <>
      <PageTitle>{t.home.title(region.regionName)}</PageTitle>
      <p class="lead">{t.home.intro}</p>
      <div class="actions">
        <Link href="/lapor" class="button primary">{t.home.report}</Link>
        <Link href="/lacak" class="button">{t.home.track}</Link>
      </div>
      <h2>{t.home.stepsTitle}</h2>
      <ol class="steps">
        {t.home.steps.map((step) => (
          <li key={step.title}>
            <h3>{step.title}</h3>
            <p>{step.text}</p>
          </li>
        ))}
      </ol>
      <p>
        <Link href="/laporan">{t.home.public}</Link>
      </p>
    </>
  );
}
