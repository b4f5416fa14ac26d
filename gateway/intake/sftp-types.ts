// The hosted SFTP server's public types, apart from the server so that its helpers can share them.
import type { Logger } from 'pino';

/** A partner's hosted-SFTP account, as the partner profiles declare it. */
export interface SftpUser {
  partnerId: string;
  username: string;
  /** OpenSSH public key lines (`ssh-ed25519 AAAA… comment`). */
  publicKeys: string[];
  /** scrypt hash in the format of gateway/config/password.ts; no password login without it. */
  passwordHash?: string;
  /** Absolute folder holding inbound/ and outbound/. */
  home: string;
  /** Uploads past this size fail and leave nothing behind; no limit when absent. */
  maxFileSizeBytes?: number;
  /** Concurrent connections of this user; DEFAULT_MAX_SESSIONS when absent. */
  maxSessions?: number;
}

/** What a completed upload hands to `onUpload`. */
export interface UploadInfo {
  /** Absolute final path, inside the user's inbound/. */
  path: string;
  /** The final file name (a suffix is added when the client's name was already taken). */
  name: string;
  size: number;
}

/** Audited actions (named like SFTPGo's hook operations). */
export type SftpAuditAction =
  | 'login'
  | 'login-failed'
  | 'login-refused'
  | 'logout'
  | 'denied'
  | 'upload'
  | 'upload-failed'
  | 'upload-discarded'
  | 'download'
  | 'remove'
  | 'rename';

/** One audit record; `detail` starts with a DS_INTAKE_* code for failures and refusals. */
export interface SftpAuditEvent {
  action: SftpAuditAction;
  username: string;
  /** Remote address of the client. */
  remote: string;
  detail?: string;
}

/** Options of startSftpServer. */
export interface SftpServerOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** 0 picks a free port. */
  port: number;
  /** Generated (ed25519, 0600) at first start and kept. */
  hostKeyPath: string;
  /** Called per login, so that profile reloads take effect without a restart. */
  users: () => readonly SftpUser[];
  /** `file.pre-upload`: synchronous, returns a reason to deny; `path` is the client's view (`/inbound/x`). */
  preUpload?: (user: SftpUser, path: string) => string | undefined;
  /**
   * `file.received`: an upload completed (closed, renamed into place). Resolve only once the file is
   * durably recorded: the client's CLOSE is answered after it, and a rejection makes the client see
   * a failure (the file is then removed, so a retry starts clean).
   */
  onUpload: (user: SftpUser, info: UploadInfo) => Promise<void>;
  audit?: (event: SftpAuditEvent) => void;
  logger?: Logger;
  /** Failed logins per minute per remote address and per username before a cool-down; default 10. */
  maxAuthFailuresPerMinute?: number;
  /** Cool-down after too many failures; default 60 s. */
  authCooldownMs?: number;
  /** A connection with no SFTP request for this long is closed; default 15 min. */
  idleTimeoutMs?: number;
  /** A connection not logged in this long after it opened is dropped (OpenSSH's LoginGraceTime); default 30 s. */
  loginGraceMs?: number;
  /** Connections not logged in yet, in all; more are refused at once. Default 256. */
  maxConnections?: number;
  /** Connections not logged in yet from one address; default 32 (logged in, maxSessions counts). */
  maxConnectionsPerAddress?: number;
}

/** A running server. */
export interface SftpServerHandle {
  port: number;
  /** Stop accepting, let in-flight requests (an `onUpload` under way) finish, close every session. */
  close(): Promise<void>;
}
