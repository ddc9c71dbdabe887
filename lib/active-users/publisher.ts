import { ActiveUsers, ACTIVE_USER_WINDOWS, type ActiveUserWindow } from './sliding-windows.js';

/** At most one estimate per second however many updates arrive. */
const THROTTLE_MS = 1000;
/** While anyone was active in the last 24 h, re-publish so windows shrink when traffic stops. */
const REFRESH_MS = 60_000;

/**
 * Feeds user ids into the sliding-window sketches and publishes the estimates into the
 * `dmarket_bot_active_users{window}` gauge, throttled, on an unref'd timer (never keeps the
 * process alive). An explicit count from the bot overrides the estimates for good.
 */
export class ActiveUsersPublisher {
  private readonly users: ActiveUsers;
  private timer: NodeJS.Timeout | undefined;
  private due = 0;
  private lastPublish = -Infinity;
  private overridden = false;

  constructor(
    private readonly set: (window: ActiveUserWindow, count: number) => void,
    private readonly now: () => number = Date.now,
  ) {
    this.users = new ActiveUsers(now);
  }

  see(userId: number | string): void {
    if (this.overridden) return;
    this.users.see(userId);
    this.request(Math.max(0, this.lastPublish + THROTTLE_MS - this.now()));
  }

  /** The bot's own count replaces the estimates in every window from now on. */
  override(count: number): void {
    this.overridden = true;
    this.close();
    for (const window of ACTIVE_USER_WINDOWS) this.set(window, count);
  }

  /** Publishes now (also what the timer runs). */
  publish(): Record<ActiveUserWindow, number> | undefined {
    if (this.overridden) return undefined;
    this.lastPublish = this.now();
    const counts = this.users.counts();
    for (const window of ACTIVE_USER_WINDOWS) this.set(window, counts[window]);
    if (counts['24h'] > 0) this.request(REFRESH_MS);
    return counts;
  }

  close(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private request(delayMs: number): void {
    const due = this.now() + delayMs;
    if (this.timer && this.due <= due) return;
    clearTimeout(this.timer);
    this.due = due;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.publish();
    }, delayMs).unref();
  }
}
