import { BSON, MongoNetworkError, MongoServerError, MongoTopologyClosedError } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { refusalOf } from './refusals';

const serverError = (code: number, errmsg: string) => new MongoServerError({ code, errmsg });

describe('what counts as the store refusing a document', () => {
  it('takes content errors of MongoDB 7, FerretDB and the driver as refusals, with the store’s words', () => {
    expect(refusalOf({ index: 0, code: 2, errmsg: 'invalid key: "a.b"' })).toBe(
      'store (code 2): invalid key: "a.b"',
    );
    expect(refusalOf(serverError(22, 'BSONObj exceeded maximum nested object depth'))).toMatch(/code 22/);
    expect(refusalOf(serverError(1, 'ERROR: unsupported Unicode escape sequence (SQLSTATE 22P05)'))).toMatch(
      /22P05/,
    );
    expect(refusalOf(serverError(1, 'ERROR: stack depth limit exceeded (SQLSTATE 54001)'))).toMatch(/54001/);
    expect(refusalOf(new BSON.BSONError('key a\u0000b must not contain null bytes'))).toMatch(/^driver: /);
  });

  it('never takes an unreachable or failing store for a refusal, so its events wait instead', () => {
    expect(refusalOf(new MongoNetworkError('connection refused'))).toBeUndefined();
    expect(refusalOf(new MongoTopologyClosedError())).toBeUndefined();
    expect(refusalOf(serverError(13, 'not authorized'))).toBeUndefined();
    expect(refusalOf(serverError(1, 'failed to connect (SQLSTATE 08006)'))).toBeUndefined();
    expect(refusalOf(serverError(1, 'context deadline exceeded'))).toBeUndefined();
    expect(refusalOf(serverError(14031, 'out of disk space'))).toBeUndefined();
  });
});
