// Background loops that pause between rounds: a kick cuts the pause short, and a kick that comes
// while the loop is busy is kept, so the next pause returns at once instead of missing it.
export class Sleeper {
  private kicked = false;
  private wake: (() => void) | undefined;

  /** Wait up to `ms`, or until kicked. */
  sleep(ms: number): Promise<void> {
    if (this.kicked) {
      this.kicked = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        this.kicked = false;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }

  kick(): void {
    if (this.wake) this.wake();
    else this.kicked = true;
  }
}

/** A background loop that pauses between rounds and can be kicked awake or stopped. */
export abstract class KickableLoop {
  protected readonly sleeper = new Sleeper();
  protected stopping = false;
  private loop: Promise<void> | undefined;

  start(): void {
    this.loop ??= this.run();
  }

  /** Look now instead of at the end of the pause (after a commit queued events). */
  kick(): void {
    this.sleeper.kick();
  }

  /** Ask the loop to end and wait for its current round. */
  protected async stopLoop(): Promise<void> {
    this.stopping = true;
    this.sleeper.kick();
    await this.loop;
  }

  protected abstract run(): Promise<void>;
}
