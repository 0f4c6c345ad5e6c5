import { test } from 'node:test';
import assert from 'node:assert/strict';
import { alreadyExists, conflict, expired, notFound } from '../../../src/api/errors.js';
import {
  apiErrorFromResponse, ConnectionError, isAlreadyExists, isConflict, isConnectionError, isGone, isNotFound, retryOnConflict,
} from '../../../src/client/errors.js';

const pods = { resource: 'pods' };

void test('each predicate recognises its own error only', () => {
  assert.equal(isNotFound(notFound(pods, 'p')), true);
  assert.equal(isNotFound(conflict(pods, 'p')), false);
  assert.equal(isConflict(conflict(pods, 'p')), true);
  assert.equal(isConflict(alreadyExists(pods, 'p')), false, 'AlreadyExists is also 409 but not a Conflict');
  assert.equal(isAlreadyExists(alreadyExists(pods, 'p')), true);
  assert.equal(isGone(expired(1, 5)), true);
  assert.equal(isNotFound(new Error('pods "p" not found')), false);
  assert.equal(isConnectionError(new ConnectionError('x', { code: 'ECONNRESET' })), true);
});

void test('a Status without a reason gets the reason of its code', () => {
  const err = apiErrorFromResponse(429, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code: 429, message: 'slow down' });
  assert.equal(err.reason, 'TooManyRequests');
  assert.equal(err.message, 'slow down');
});

void test('retryOnConflict retries conflicts up to the attempt limit', async () => {
  let calls = 0;
  const result = await retryOnConflict(async () => {
    calls++;
    if (calls < 3) throw conflict(pods, 'p');
    return 'ok';
  }, { attempts: 3 });
  assert.equal(result, 'ok');
  assert.equal(calls, 3);

  calls = 0;
  await assert.rejects(() => retryOnConflict(async () => {
    calls++;
    throw conflict(pods, 'p');
  }, { attempts: 2 }), (err: unknown) => isConflict(err));
  assert.equal(calls, 2);
});

void test('retryOnConflict does not retry other errors', async () => {
  let calls = 0;
  await assert.rejects(() => retryOnConflict(async () => {
    calls++;
    throw notFound(pods, 'p');
  }), (err: unknown) => isNotFound(err));
  assert.equal(calls, 1);
});
