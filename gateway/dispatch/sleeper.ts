// A loop's pause that a kick cuts short; a kick that comes while the loop is busy is kept, so
// the next pause returns at once instead of missing it.
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
