// One staff action at a time on a screen: while one runs, a second click does nothing and the screen knows
// which one it is (for the button it shows busy); a failure is said in the screen's language.
//   BusyController   for screens that keep their own status and error (their loads and live updates write them)
//   ActionController for screens whose only messages are their actions': it keeps `status` and `error` itself
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export interface ActionMessages {
  /** Called as an action starts: the last action's words go. */
  clear(): void;
  /** Called when it fails. */
  fail(error: unknown): void;
}

export class BusyController<Key extends string> implements ReactiveController {
  #running: Key | '' = '';

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly messages: ActionMessages,
  ) {
    host.addController(this);
  }

  /** The action running now, or '' when none is. */
  get running(): Key | '' {
    return this.#running;
  }

  /** Runs `action` as `key` unless another is running; false when it failed or did not run. */
  async run(key: Key, action: () => Promise<void>): Promise<boolean> {
    if (this.#running) return false;
    this.#running = key;
    this.messages.clear();
    this.host.requestUpdate();
    try {
      await action();
      return true;
    } catch (error) {
      this.messages.fail(error);
      return false;
    } finally {
      this.#running = '';
      this.host.requestUpdate();
    }
  }

  hostConnected(): void {}
}

export class ActionController implements ReactiveController {
  private statusText = '';
  private errorText = '';
  private readonly busy: BusyController<'action'>;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly localize: { errorText(error: unknown): string },
  ) {
    host.addController(this);
    this.busy = new BusyController(host, { clear: () => (this.error = ''), fail: (error) => this.fail(error) });
  }

  get status(): string {
    return this.statusText;
  }
  set status(text: string) {
    this.statusText = text;
    this.host.requestUpdate();
  }

  get error(): string {
    return this.errorText;
  }
  set error(text: string) {
    this.errorText = text;
    this.host.requestUpdate();
  }

  get pending(): boolean {
    return this.busy.running !== '';
  }

  /** Runs `action`, whose answer is the sentence to announce; false when it failed or another was running. */
  run(action: () => Promise<string>): Promise<boolean> {
    return this.busy.run('action', async () => {
      this.status = await action();
    });
  }

  fail(error: unknown): void {
    this.status = '';
    this.error = this.localize.errorText(error);
  }

  hostConnected(): void {}
}
