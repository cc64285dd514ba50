/** Query parameters that carry credentials (the live feed takes its token as `?token=`, browsers cannot set headers on WebSockets). */
const SECRET_PARAMETERS = new Set([
  'token',
  'access_token',
  'refresh_token',
  'key',
  'api_key',
  'writekey',
  'password',
]);

/**
 * The request URL with the values of credential parameters replaced, for problem `instance` fields and
 * logs: a URL is echoed to clients and written to log files, a token in it would leak with it.
 */
export function redactUrl(url: string): string {
  const query = url.indexOf('?');
  if (query === -1) return url;
  const fragment = url.indexOf('#', query);
  const end = fragment === -1 ? url.length : fragment;
  const parts = url
    .slice(query + 1, end)
    .split('&')
    .map((part) => {
      const equals = part.indexOf('=');
      const name = equals === -1 ? part : part.slice(0, equals);
      let decoded = name;
      try {
        decoded = decodeURIComponent(name.replace(/\+/g, ' '));
      } catch {}
      return equals !== -1 && SECRET_PARAMETERS.has(decoded.toLowerCase()) ? `${name}=[redacted]` : part;
    });
  return `${url.slice(0, query)}?${parts.join('&')}${url.slice(end)}`;
}
