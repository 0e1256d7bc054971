import { describe, expect, it } from 'vitest';
import { InvalidApiUrlError, keyHeaders, resolveApiUrl, sameOrigin } from './origin-policy';

const page = 'http://localhost:5173/gallery?from=2014-10-01';
const connection = { apiUrl: 'http://localhost:5173/api/v1', apiKey: 'sekrit' };

describe('resolveApiUrl', () => {
  it('resolves the default relative URL against the page', () => {
    expect(resolveApiUrl('/api/v1', page)).toBe('http://localhost:5173/api/v1');
    expect(resolveApiUrl(' https://cloud.foko.co/api/v1/ ', page)).toBe(
      'https://cloud.foko.co/api/v1',
    );
  });

  it('rejects what is not an http(s) base URL, saying why', () => {
    expect(() => resolveApiUrl('ftp://host/api', page)).toThrow(InvalidApiUrlError);
    expect(() => resolveApiUrl('javascript:alert(1)', page)).toThrow(/http:\/\/ or https:\/\//);
    expect(() => resolveApiUrl('', page)).toThrow(/Enter the API URL/);
    expect(() => resolveApiUrl('/api/v1?x=1', page)).toThrow(/\?/);
  });
});

describe('origin policy', () => {
  it('treats scheme, host and port as the origin', () => {
    expect(sameOrigin('http://localhost:5173/photo/a/b', connection.apiUrl)).toBe(true);
    expect(sameOrigin('http://localhost:5174/photo/a/b', connection.apiUrl)).toBe(false);
    expect(sameOrigin('https://localhost:5173/photo', connection.apiUrl)).toBe(false);
    expect(sameOrigin('not a url', 'also not')).toBe(false);
  });

  it('sends the key only to the API origin', () => {
    expect(keyHeaders('http://localhost:5173/photo/x', connection)).toEqual({
      'foko-api-key': 'sekrit',
    });
    expect(keyHeaders('https://cdn.example.com/photo/x', connection)).toEqual({});
    expect(keyHeaders('http://localhost:8080/photo/x', connection)).toEqual({});
  });
});
