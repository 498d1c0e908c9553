import { useI18n } from '../i18n/i18n';
import { SHORTCUTS } from '../ui/shortcuts';

/** What the console's keys do. */
export function HelpScreen() {
  const { t } = useI18n();
  return (
    <section aria-labelledby="help-title">
      <h1 id="help-title">{t('help.title')}</h1>
      <p>{t('help.intro')}</p>
      <table className="shortcuts">
        <caption className="visually-hidden">{t('help.shortcuts')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('help.keys')}</th>
            <th scope="col">{t('help.action')}</th>
          </tr>
        </thead>
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.keys}>
              <td>
                <kbd>{s.keys}</kbd>
              </td>
              <td>{t(`shortcut.${s.action}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
