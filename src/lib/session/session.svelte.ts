import type { Connection } from '../api/types';

const KEY_ITEM = 'foko.apiKey';
const URL_ITEM = 'foko.apiUrl';
export const DEFAULT_API_URL = '/api/v1';

/**
 * The API key and URL of this tab. The key lives in sessionStorage only (a reload keeps it,
 * a new tab asks again); the URL, which is not secret, is also remembered in localStorage.
 */
export class Session {
  apiKey = $state('');
  apiUrl = $state(DEFAULT_API_URL);
  connection: Connection | undefined = $derived(
    this.apiKey ? { apiKey: this.apiKey, apiUrl: this.apiUrl } : undefined,
  );

  constructor(private storage: Pick<Window, 'sessionStorage' | 'localStorage'> = window) {
    this.apiKey = storage.sessionStorage.getItem(KEY_ITEM) ?? '';
    this.apiUrl =
      storage.sessionStorage.getItem(URL_ITEM) ??
      storage.localStorage.getItem(URL_ITEM) ??
      DEFAULT_API_URL;
  }

  /** `apiUrl` must already be absolute (see resolveApiUrl). */
  connect(apiUrl: string, apiKey: string) {
    this.storage.sessionStorage.setItem(KEY_ITEM, apiKey);
    this.storage.sessionStorage.setItem(URL_ITEM, apiUrl);
    this.storage.localStorage.setItem(URL_ITEM, apiUrl);
    this.apiUrl = apiUrl;
    this.apiKey = apiKey;
  }

  forget() {
    this.storage.sessionStorage.removeItem(KEY_ITEM);
    this.apiKey = '';
  }
}
