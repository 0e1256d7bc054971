import type { Context } from 'hono';

const HOST = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * The origin the client used to reach us (honouring a reverse proxy's X-Forwarded-Host/Proto),
 * for building absolute image URLs. Anything that does not look like a host is ignored.
 */
export function requestOrigin(c: Context): string {
  const url = new URL(c.req.url);
  const forwardedProto = firstValue(c.req.header('x-forwarded-proto'));
  const proto = forwardedProto === 'http' || forwardedProto === 'https' ? forwardedProto : null;
  const candidates = [firstValue(c.req.header('x-forwarded-host')), c.req.header('host')];
  const host = candidates.find((value) => value !== undefined && HOST.test(value)) ?? url.host;
  return `${proto ?? url.protocol.slice(0, -1)}://${host}`;
}

function firstValue(header: string | undefined): string | undefined {
  return header?.split(',')[0]?.trim() || undefined;
}
