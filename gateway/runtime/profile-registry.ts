// The live set of partner profiles: loaded at start, reloaded when a file in the folder changes.
// A reload that breaks a file that was fine (a profile that no longer parses, two profiles that
// claim the same ISA id or SFTP user, the folder gone), or that routes to a connector that does not
// exist, changes nothing, and the reasons are logged. Keeping the last good version of just the
// broken file could make a set start would refuse (a new file taking another partner's ISA id while
// that partner's own file is broken), and a typo never takes a partner offline. Files broken
// already when the set in use was loaded do not hold other edits up.
import type { Mapping } from '../../translators/mapping/mapping-schema';
import { existsSync, watch, FSWatcher } from 'node:fs';
import * as path from 'node:path';
import type { Logger } from 'pino';
import { loadProfiles } from '../config/load-profiles';
import type { PartnerProfile } from '../config/profile-schema';

export class ProfileRegistry {
  private profiles: PartnerProfile[] = [];
  private mappingSet: ReadonlyMap<string, Mapping> = new Map();
  private readonly watchers: FSWatcher[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly listeners: (() => void)[] = [];
  private loading: Promise<void> = Promise.resolve();

  private loaded = false;
  /** The files that had errors when the set in use was loaded. */
  private broken = new Set<string>();

  /** @param check what the rest of the gateway needs of a set of profiles (routes to known connectors); throws if not met. */
  constructor(
    readonly dir: string,
    private readonly logger: Logger,
    private readonly check: (profiles: readonly PartnerProfile[]) => void = () => undefined,
  ) {}

  /** Current profiles. */
  all(): readonly PartnerProfile[] {
    return this.profiles;
  }

  get(id: string): PartnerProfile | undefined {
    return this.profiles.find((p) => p.id === id);
  }

  /** The mappings of the set in use, by name (a broken edit of one leaves the last good version here). */
  mappings(): ReadonlyMap<string, Mapping> {
    return this.mappingSet;
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
    const { profiles, errors, mappings } = await loadProfiles(this.dir);
    for (const e of errors) {
      this.logger.error({ code: e.code, file: e.file }, `${e.file}:${e.line}:${e.column} ${e.message}`);
    }
    // The first load takes what is valid (start then checks the set itself); a reload, all or nothing.
    const broken = new Set(errors.map((e) => e.file));
    if (this.loaded) {
      let refused = [...broken].some((file) => !this.broken.has(file));
      try {
        this.check(profiles);
      } catch (e) {
        this.logger.error({ err: e }, (e as Error).message);
        refused = true;
      }
      if (refused) {
        this.logger.warn(
          'partner profiles have new errors: the reload is not applied, the profiles in use stay',
        );
        return;
      }
    }
    this.loaded = true;
    this.broken = broken;
    const changed =
      JSON.stringify(profiles) !== JSON.stringify(this.profiles) ||
      JSON.stringify([...mappings]) !== JSON.stringify([...this.mappingSet]);
    this.profiles = profiles;
    this.mappingSet = mappings;
    if (changed) {
      this.logger.info({ partners: profiles.map((p) => p.id) }, 'partner profiles loaded');
      for (const l of this.listeners) l();
    }
  }

  /** Reload on changes (debounced: editors write files in several steps). */
  watch(): void {
    const changed = () => {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => {
        this.load().catch((e) => this.logger.error({ err: e }, 'profile reload failed'));
      }, 250);
    };
    this.watchers.push(watch(this.dir, { recursive: false }, changed));
    // Mappings reload like profiles (an edit is checked before it is used).
    const mappings = path.join(this.dir, 'mappings');
    if (existsSync(mappings)) this.watchers.push(watch(mappings, { recursive: false }, changed));
  }

  close(): void {
    clearTimeout(this.timer);
    for (const w of this.watchers.splice(0)) w.close();
  }
}
