// Exit codes scripts can rely on (README, "Exit codes").

export const EXIT = {
  ok: 0,
  /** An internal error: a bug, please report it. */
  failure: 1,
  /** Bad input or usage: the message names the file, the field and what was expected. */
  usage: 2,
  /** Stopped by SIGINT/SIGTERM after writing a checkpoint: `taosim run --resume DIR` continues. */
  interrupted: 3,
} as const;
