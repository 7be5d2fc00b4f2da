// "Load more" for cursor-paged lists.
import { t } from '../i18n';

export function LoadMore({
  next,
  busy,
  onClick,
  testId,
}: {
  next: string | null;
  busy: boolean;
  onClick: () => void;
  testId: string;
}) {
  if (!next) return null;
  return (
    <div class="load-more">
      <button type="button" class="button-secondary" data-testid={testId} disabled={busy} onClick={onClick}>
        {busy ? t('common.loading') : t('common.loadMore')}
      </button>
    </div>
  );
}
