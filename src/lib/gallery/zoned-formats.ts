/** Intl formatters are slow to create and fast to reuse: one per (purpose, zone). */
const formatters = new Map<string, Intl.DateTimeFormat>();

export function zonedFormatter(
  purpose: string,
  zone: string,
  options: Intl.DateTimeFormatOptions,
): Intl.DateTimeFormat {
  const cacheKey = `${purpose}|${zone}`;
  let formatter = formatters.get(cacheKey);
  if (!formatter) {
    // en-US: the app's words are English, and tests need a fixed locale.
    formatter = new Intl.DateTimeFormat('en-US', { ...options, timeZone: zone });
    formatters.set(cacheKey, formatter);
  }
  return formatter;
}
