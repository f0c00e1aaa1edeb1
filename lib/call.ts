/**
 * Builds the exported twins of a documented function: `name(...)` returns a Promise and
 * never throws synchronously; `nameSync(...)` returns the value. Both validate first (in
 * `prepare`), call the binding, and convert the result. Errors become NetioErrors; the
 * async one keeps the caller's stack.
 */
import { Checker } from './check.js';
import { fromNative } from './errors.js';
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
}

export interface Twins<A extends unknown[], R> {
  async: (...args: A) => Promise<R>;
  sync: (...args: A) => R;
}

/** Replaces the stack of `error` with the one captured at the call site. */
function restack(error: unknown, site: { stack?: string }): unknown {
  if (error instanceof Error && site.stack) {
    const frames = site.stack.slice(site.stack.indexOf('\n') + 1);
    error.stack = `${error.name}: ${error.message}\n${frames}`;
  }
  return error;
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
      result = (getBinding()[syncName as keyof NativeBinding] as unknown as SyncFn)(...wire);
    } catch (error) {
      throw fromNative(error);
    }
    return spec.convert(result);
  };

  const async = async function (...args: A): Promise<R> {
    const site: { stack?: string } = {};
    Error.captureStackTrace(site, async);
    const wire = spec.prepare(check, ...args);
    let result: WireResult<N>;
    try {
      result = await (getBinding()[spec.native] as unknown as AsyncFn)(...wire);
    } catch (error) {
      throw restack(fromNative(error), site);
    }
    return spec.convert(result);
  };

  return { async, sync };
}
