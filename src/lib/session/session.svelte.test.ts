import { beforeEach, describe, expect, it } from 'vitest';
import { Session } from './session.svelte';

describe('Session', () => {
  beforeEach(() => {
    sessionStorage.clear();
    localStorage.clear();
  });

  it('keeps the key in sessionStorage only and remembers the API URL', () => {
    const session = new Session();
    session.connect('https://foko.test/api/v1', 'secret-key');
    expect(session.connection).toEqual({
      apiUrl: 'https://foko.test/api/v1',
      apiKey: 'secret-key',
    });
    expect(Object.values(sessionStorage)).toContain('secret-key');
    expect(JSON.stringify(localStorage)).not.toContain('secret-key');
    // A reload of the tab finds the session again.
    expect(new Session().connection?.apiKey).toBe('secret-key');
  });

  it('forgets the key but not the API URL', () => {
    const session = new Session();
    session.connect('https://foko.test/api/v1', 'secret-key');
    session.forget();
    expect(session.connection).toBeUndefined();
    expect(Object.values(sessionStorage)).not.toContain('secret-key');
    // A new tab (empty sessionStorage) asks for the key but offers the remembered URL.
    sessionStorage.clear();
    const next = new Session();
    expect(next.connection).toBeUndefined();
    expect(next.apiUrl).toBe('https://foko.test/api/v1');
  });
});
