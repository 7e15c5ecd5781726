// One staff action at a time on a screen: while it runs `pending` is set (a second click does nothing), its
// result is announced politely in `status`, a failure in `error` in the screen's language.
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export class ActionController implements ReactiveController {
  private statusText = '';
  private errorText = '';
  private running = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly localize: { errorText(error: unknown): string },
  ) {
    host.addController(this);
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
    return this.running;
  }

  /** Runs `action`, whose answer is the sentence to announce; false when it failed or another was running. */
  async run(action: () => Promise<string>): Promise<boolean> {
    if (this.running) return false;
    this.running = true;
    this.error = '';
    try {
      this.status = await action();
      return true;
    } catch (error) {
      this.fail(error);
      return false;
    } finally {
      this.running = false;
      this.host.requestUpdate();
    }
  }

  fail(error: unknown): void {
    this.status = '';
    this.error = this.localize.errorText(error);
  }

  hostConnected(): void {}
}
