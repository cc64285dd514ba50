import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { booleanVar, loadConfig, portVar, urlVar } from './config';

const Schema = z.object({
  PORT: portVar(5005),
  DATABASE_URL: urlVar(['postgres', 'postgresql'], 'postgres://user:password@host:5432/db').default(
    'postgres://localhost/db',
  ),
  SWAGGER_ENABLED: booleanVar(true),
});

const failWith = (message: string): never => {
  throw new Error(message);
};

describe('loadConfig', () => {
  it('fills every variable with its default when the environment is empty', () => {
    expect(loadConfig(Schema, {}, failWith)).toEqual({
      PORT: 5005,
      DATABASE_URL: 'postgres://localhost/db',
      SWAGGER_ENABLED: true,
    });
  });

  it('names the malformed variable and what is expected, in one line, without echoing its value', () => {
    let message = '';
    try {
      loadConfig(Schema, { DATABASE_URL: 'nonsense-secret' }, failWith);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe(
      'Invalid environment variable DATABASE_URL: expected a postgres or postgresql URL such as postgres://user:password@host:5432/db',
    );
    expect(message).not.toContain('nonsense-secret');
  });

  it('reports each bad variable on its own line', () => {
    expect(() => loadConfig(Schema, { PORT: 'eighty', SWAGGER_ENABLED: 'yes' }, failWith)).toThrow(
      /PORT: expected a port number\nInvalid environment variable SWAGGER_ENABLED: expected true or false/,
    );
  });

  it('refuses a URL with the wrong scheme', () => {
    expect(() => loadConfig(Schema, { DATABASE_URL: 'mysql://localhost/db' }, failWith)).toThrow(
      /DATABASE_URL/,
    );
  });
});
