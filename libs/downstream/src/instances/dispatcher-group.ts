import { Dispatcher } from 'undici';

/**
 * A dispatcher made of others (an instance's pools, an address's pools): `close()` closes each after its calls
 * finish, `destroy()` ends them at once, with undici's promise and callback forms.
 */
export abstract class DispatcherGroup extends Dispatcher {
  /** The dispatchers to close, read when closing. */
  protected abstract members(): readonly Dispatcher[];

  /** Runs before the members are closed or destroyed (e.g. to stop adding new ones). Default does nothing. */
  protected ending(): Promise<void> | void {}

  override close(): Promise<void>;
  override close(callback: () => void): void;
  override close(callback?: () => void): Promise<void> | void {
    const closing = Promise.resolve(this.ending())
      .then(() => Promise.all(this.members().map((member) => member.close())))
      .then(() => undefined);
    if (!callback) return closing;
    closing.then(callback, callback);
  }

  override destroy(err: Error | null, callback: () => void): void;
  override destroy(callback: () => void): void;
  override destroy(err: Error | null): Promise<void>;
  override destroy(): Promise<void>;
  override destroy(a?: Error | null | (() => void), b?: () => void): Promise<void> | void {
    const err = typeof a === 'function' ? null : (a ?? null);
    const callback = typeof a === 'function' ? a : b;
    void this.ending();
    const destroying = Promise.all(this.members().map((member) => member.destroy(err))).then(() => undefined);
    if (!callback) return destroying;
    destroying.then(callback, callback);
  }
}
