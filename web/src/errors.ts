// Turns a failed request into text for the user: the server's own message when it sent one.
import { ApiError } from './api';
import { t } from './i18n';

export function errorText(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.message) return error.message;
    if (error.status === 0) return t('error.network');
    return t('error.status', { status: error.status });
  }
  return t('error.unexpected');
}
