/** Where the app server answers the Foko API (same origin as the app, the connect form's default). */
export const API_BASE_PATH = '/api/v1';
/** Proxy mode: upstream image URLs outside its API base path reach the browser under this. */
export const ORIGIN_PREFIX = '/upstream';
