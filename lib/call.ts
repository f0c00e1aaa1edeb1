/**
 * Builds the exported twins of a documented function: `name(...)` returns a Promise and
 * never throws synchronously; `nameSync(...)` returns the value. Both validate first (in
 * `prepare`), call the binding, and convert the result. Errors become NetioErrors.
 *
 * The async twin makes its NetioError after the `await`, inside this async function, so
 * V8's async stack traces give it the frames of every caller that awaits it, at no cost
 * to calls that succeed. (Capturing the stack before each call, as some addons do, was
 * measured at 4.7 µs a call under Wine: a quarter of the budget of a cheap async call.)
 */
import { Checker } from './check.js';
import { NetioError, fromNative } from './errors.js';
import { getBinding, type NativeBinding, type OperationName } from './native.js';

type WireArgs<N extends OperationName> = Parameters<NativeBinding[N]>;
type WireResult<N extends OperationName> = Awaited<ReturnType<NativeBinding[N]>>;

export interface OperationSpec<N extends OperationName, A extends unknown[], R> {
  /** The documented function, as errors name it. */
  syscall: string;
  /** The binding operation. */
  native: N;
  /** Checks the caller's arguments and returns the binding's arguments. */
  prepare: (check: Checker, ...args: A) => WireArgs<N>;
  /** Turns the binding's result into the public one. */
  convert: (wire: WireResult<N>) => R;
  /** The async twin's conversion, when it should yield to the event loop (large tables). */
  convertAsync?: (wire: WireResult<N>) => Promise<R>;
  /**
   * Makes an OS error say more about the caller's arguments (an unknown interface names
   * the value given and lists those that exist). Each twin gets its own form, so that the
   * async one never blocks the event loop to explain itself.
   */
  explain?: Explainer<A>;
}

/** The two forms of an OperationSpec's `explain`. */
export interface Explainer<A extends unknown[]> {
  sync: (error: NetioError, args: A) => NetioError;
  async: (error: NetioError, args: A) => Promise<NetioError>;
}

export interface Twins<A extends unknown[], R> {
  async: (...args: A) => Promise<R>;
  sync: (...args: A) => R;
}

/**
 * An explanation, or the OS's error as it is when explaining fails: the caller's arguments
 * are read again to explain, and a getter that answered the first time may throw now.
 */
function explained(explain: () => NetioError, failure: NetioError): NetioError {
  try {
    return explain();
  } catch {
    return failure;
  }
}

async function explainedAsync(explain: () => Promise<NetioError>, failure: NetioError): Promise<NetioError> {
  try {
    return await explain();
  } catch {
    return failure;
  }
}

export function operation<N extends OperationName, A extends unknown[], R>(spec: OperationSpec<N, A, R>): Twins<A, R> {
  const syncName = `${spec.native}Sync` as const;
  type AsyncFn = (...args: WireArgs<N>) => Promise<WireResult<N>>;
  type SyncFn = (...args: WireArgs<N>) => WireResult<N>;
  const check = new Checker(spec.syscall);

  const sync = (...args: A): R => {
    const wire = spec.prepare(check, ...args);
    let result: WireResult<N>;
    try {
      result = (getBinding(spec.syscall)[syncName as keyof NativeBinding] as unknown as SyncFn)(...wire);
    } catch (error) {
      const failure = fromNative(error);
      throw spec.explain && failure instanceof NetioError ? explained(() => spec.explain!.sync(failure, args), failure) : failure;
    }
    return spec.convert(result);
  };

  const async = async function (...args: A): Promise<R> {
    const wire = spec.prepare(check, ...args);
    let result: WireResult<N>;
    try {
      result = await (getBinding(spec.syscall)[spec.native] as unknown as AsyncFn)(...wire);
    } catch (error) {
      const failure = fromNative(error);
      throw spec.explain && failure instanceof NetioError ? await explainedAsync(() => spec.explain!.async(failure, args), failure) : failure;
    }
    return spec.convertAsync ? spec.convertAsync(result) : spec.convert(result);
  };

  return { async, sync };
}
