import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  ACCESS_TOKEN_AUDIENCE,
  ACCESS_TOKEN_ISSUER,
  createAccessTokens,
  createAccessTokenVerifier,
} from './access-tokens';

const SECRET = 'a-test-secret-of-at-least-32-characters';
const claims = { userId: 'user-1', sessionId: 'session-1', role: 'staff' as const };

const signed = (
  payload: Record<string, unknown>,
  options: { issuer?: string; secret?: string; expires?: string } = {},
) =>
  new SignJWT(payload)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('user-1')
    .setIssuer(options.issuer ?? ACCESS_TOKEN_ISSUER)
    .setAudience(ACCESS_TOKEN_AUDIENCE)
    .setExpirationTime(options.expires ?? '5m')
    .sign(new TextEncoder().encode(options.secret ?? SECRET));

describe('access tokens', () => {
  it('verifies in one service what the other signed', async () => {
    const token = await createAccessTokens(SECRET, 60).sign(claims);
    expect(await createAccessTokenVerifier(SECRET)(token)).toEqual(claims);
  });

  it('answers null for a forged, expired, foreign or malformed token', async () => {
    const verify = createAccessTokenVerifier(SECRET);
    expect(
      await verify(
        await signed({ sid: 's', role: 'staff' }, { secret: 'another-secret-of-32-characters-xx' }),
      ),
    ).toBeNull();
    expect(await verify(await signed({ sid: 's', role: 'staff' }, { expires: '-1m' }))).toBeNull();
    expect(await verify(await signed({ sid: 's', role: 'staff' }, { issuer: 'someone-else' }))).toBeNull();
    expect(await verify(await signed({ role: 'staff' }))).toBeNull();
    expect(await verify(await signed({ sid: 's', role: 'owner' }))).toBeNull();
    expect(await verify('not-a-token')).toBeNull();
  });
});
