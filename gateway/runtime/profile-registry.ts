// The live set of partner profiles: loaded at start, reloaded when a file in the folder changes.
// A profile that breaks keeps its last good version (and the reason is logged), so a typo in
// one file never takes a partner offline.
import { watch, FSWatcher } from 'node:fs';
import type { Logger } from 'pino';
import { loadProfiles } from '../config/load-profiles';
import type { PartnerProfile } from '../config/profile-schema';

export class ProfileRegistry {
  private profiles: PartnerProfile[] = [];
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly listeners: (() => void)[] = [];
  private loading: Promise<void> = Promise.resolve();

  constructor(
    readonly dir: string,
    private readonly logger: Logger,
  ) {}

  /** Current profiles. */
  all(): readonly PartnerProfile[] {
    return this.profiles;
  }

  get(id: string): PartnerProfile | undefined {
    return this.profiles.find((p) => p.id === id);
  }

  /** Call `listener` after each reload that changed something. */
  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  /**
   * Load (or reload) the folder. Loads run one after another: a slow read of older files never
   * finishes after, and so replaces, a newer one.
   */
  load(): Promise<void> {
    const next = this.loading.then(() => this.loadOnce());
    this.loading = next.catch(() => undefined);
    return next;
  }

  private async loadOnce(): Promise<void> {
    const { profiles, errors } = await loadProfiles(this.dir);
    for (const e of errors) {
      this.logger.error({ code: e.code, file: e.file }, `${e.file}:${e.line}:${e.column} ${e.message}`);
    }
    const next = [...profiles];
    // Keep the last good version of a profile whose file now has errors.
    for (const old of this.profiles) {
      const broken = errors.some(
        (e) => e.file.endsWith(`${old.id}.yaml`) || e.file.endsWith(`${old.id}.yml`),
      );
      if (broken && !next.some((p) => p.id === old.id)) {
        this.logger.warn({ partnerId: old.id }, 'profile has errors: keeping its last good version');
        next.push(old);
      }
    }
    const changed = JSON.stringify(next) !== JSON.stringify(this.profiles);
    this.profiles = next;
    if (changed) {
      this.logger.info({ partners: next.map((p) => p.id) }, 'partner profiles loaded');
      for (const l of this.listeners) l();
    }
  }

  /** Reload on changes (debounced: editors write files in several steps). */
  watch(): void {
    this.watcher = watch(this.dir, { recursive: false }, () => {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => {
        this.load().catch((e) => this.logger.error({ err: e }, 'profile reload failed'));
      }, 250);
    });
  }

  close(): void {
    clearTimeout(this.timer);
    this.watcher?.close();
  }
}
