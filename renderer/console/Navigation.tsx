import { useTranslation } from 'react-i18next';
import { hrefOf, NAV_GROUPS, type NavGroup, type Section } from './routes';

function Group({
  group,
  sections,
  current,
}: {
  group: NavGroup;
  sections: readonly Section[];
  current: Section;
}) {
  const { t } = useTranslation();
  const headingId = `nav-group-${group}`;
  return (
    <div className="nav-group">
      <h2 id={headingId}>{t(`nav.groups.${group}`)}</h2>
      {/* The list is named by its heading, so a screen reader says which group a link is in. */}
      <ul aria-labelledby={headingId}>
        {sections.map((section) => (
          <li key={section}>
            <a href={hrefOf(section)} aria-current={section === current ? 'page' : undefined}>
              {t(`nav.${section}`)}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The sidebar: every section once, under the heading of what head office does with it. */
export function Navigation({ current }: { current: Section }) {
  const { t } = useTranslation();
  return (
    <nav aria-label={t('nav.main')} className="sidebar">
      <div className="nav-groups">
        {NAV_GROUPS.map(({ group, sections }) => (
          <Group key={group} group={group} sections={sections} current={current} />
        ))}
      </div>
    </nav>
  );
}
