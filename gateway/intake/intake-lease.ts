// A lease gateways sharing one database take before intake work only one of them may do at a
// time: polling a partner's SFTP server, handing over the files of a shared drop-zone folder.

export interface IntakeLease {
  /** Take the lease, or renew it when this holder has it; false while another holder does. */
  take(): Promise<boolean>;
  /** Give it back. */
  release(): Promise<void>;
  /** How long a take holds it; holders renew it every third of that while they work. */
  readonly ttlMs: number;
}
