// The page navigation computed by navFor().
import { t } from '../i18n';
import type { NavItem, PageId } from '../nav';

export function SideNav({ items, current }: { items: NavItem[]; current: PageId }) {
  return (
    <nav class="sidenav" aria-label={t('nav.label')} data-testid="nav">
      <ul>
        {items.map((item) => (
          <li key={item.id}>
            <a
              href={item.href}
              data-testid={`nav-${item.id}`}
              aria-current={item.id === current ? 'page' : undefined}
            >
              {t(item.labelKey)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
