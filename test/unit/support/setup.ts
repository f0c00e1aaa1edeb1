/** What every unit test file over the fake binding starts with. */
import { afterEach, beforeEach, expect } from 'vitest';

import { NetioError } from '../../../lib/errors.js';
import { setBinding } from '../../../lib/native.js';
import { createFakeBinding, type FakeBinding } from './fake-binding.js';

/**
 * A fresh fake binding for each test, installed as the binding. The handle returned always
 * stands for the current test's fake: reads, writes and calls go to it.
 */
export function useFakeBinding(): FakeBinding {
  let fake: FakeBinding | undefined;
  beforeEach(() => {
    fake = createFakeBinding();
    setBinding(fake);
  });
  afterEach(() => setBinding(undefined));
  const current = (): FakeBinding => {
    if (!fake) throw new Error('the fake binding exists only inside a test');
    return fake;
  };
  return new Proxy({} as FakeBinding, {
    get: (_target, key) => Reflect.get(current(), key),
    set: (_target, key, value) => Reflect.set(current(), key, value),
  });
}

/** The NetioError a promise rejects with; fails the test when it resolves. */
export async function refusal(promise: Promise<unknown>): Promise<NetioError> {
  const error = await promise.then(
    () => new Error('expected a refusal, but the call succeeded'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(NetioError);
  return error as NetioError;
}
