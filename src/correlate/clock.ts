/**
 * The correlate stage's "now": event time while data flows, the wall clock when sources go silent. It is the
 * latest event time seen plus the wall time elapsed since that event arrived, so a replay at full speed (where
 * little wall time passes between events) runs on the events' times, and a live incident still resolves when
 * nothing else arrives. Before any event it is the wall clock. Pure: wall times are passed in.
 */
export class EventClock {
  private latest: { eventTime: number; arrivedAt: number } | undefined;

  /** Notes an event of time `eventTime` arriving at wall time `wallNow`. */
  observe(eventTime: number, wallNow: number): void {
    if (this.latest === undefined || eventTime > this.latest.eventTime) this.latest = { eventTime, arrivedAt: wallNow };
  }

  now(wallNow: number): number {
    if (this.latest === undefined) return wallNow;
    return this.latest.eventTime + Math.max(0, wallNow - this.latest.arrivedAt);
  }
}
