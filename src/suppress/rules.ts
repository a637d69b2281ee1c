/**
 * The rules screening reads on every alert, held in memory: the silences and maintenance windows (from the
 * store) and the firing alerts that may inhibit others. They are read inside the correlate transaction when
 * the API reports a change, and every `reloadMs` of wall time besides, so several processes sharing one
 * PostgreSQL database see each other's changes within that time.
 */
import type { Alert } from '../signals/index.js';
import type { Clock } from '../signals/index.js';
import { systemClock } from '../signals/index.js';
import type { DedupResult } from '../alerts/index.js';
import type { Repositories } from '../store/index.js';
import type { FlappingConfig } from './flapping.js';
import type { InhibitRule } from './inhibition.js';
import { Inhibition } from './inhibition.js';
import { compileWindow } from './maintenance.js';
import type { Screening } from './screen.js';
import { screenAlert } from './screen.js';
import { compileSilence } from './silences.js';

export interface SuppressionConfig {
  inhibit: readonly InhibitRule[];
  flapping: FlappingConfig;
  /** Wall time after which silences, windows and firing alerts are read again even without a change. */
  reloadMs: number;
}

/** Silences and windows that ended this long ago still apply to reports that arrive late (event time). */
const LATE_REPORTS_MS = 24 * 3_600_000;
const PAGE = 1000;

async function firingAlerts(tx: Pick<Repositories, 'alerts'>): Promise<Alert[]> {
  const firing: Alert[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await tx.alerts.list({ status: 'firing', limit: PAGE, offset });
    firing.push(...page.items);
    if (page.items.length < PAGE) return firing;
  }
}

export class SuppressionRules {
  private screening: Screening | undefined;
  private inhibition: Inhibition;
  private loadedAt = -Infinity;
  private changedSinceLoad = true;

  constructor(private readonly config: SuppressionConfig, private readonly clock: Clock = systemClock) {
    this.inhibition = new Inhibition(config.inhibit);
  }

  /** A silence or window was written: the next alert reads them again. */
  changed(): void {
    this.changedSinceLoad = true;
  }

  /** Screens what the alerts stage made of a report, inside the correlate transaction `tx`. */
  async screen(tx: Pick<Repositories, 'alerts' | 'silences' | 'maintenanceWindows'>, result: DedupResult): Promise<DedupResult> {
    const screening = await this.current(tx);
    if (result.transition !== 'stale') this.inhibition.observe(result.alert);
    return screenAlert(result, screening);
  }

  private async current(tx: Pick<Repositories, 'alerts' | 'silences' | 'maintenanceWindows'>): Promise<Screening> {
    const now = this.clock.now();
    const due = now - this.loadedAt >= this.config.reloadMs;
    if (this.screening !== undefined && !this.changedSinceLoad && !due) return this.screening;
    this.changedSinceLoad = false;
    const silences = (await tx.silences.endingAfter(now - LATE_REPORTS_MS)).map(compileSilence);
    const windows = (await tx.maintenanceWindows.endingAfter(now - LATE_REPORTS_MS)).map(compileWindow);
    if (due) {
      this.inhibition = await this.firingSources(tx);
      this.loadedAt = now;
    }
    this.screening = { silences, windows, inhibition: this.inhibition, flapping: this.config.flapping };
    return this.screening;
  }

  /** The inhibition rules with the firing alerts as stored (none read when there are no rules). */
  private async firingSources(tx: Pick<Repositories, 'alerts'>): Promise<Inhibition> {
    const inhibition = new Inhibition(this.config.inhibit);
    if (!inhibition.empty) for (const alert of await firingAlerts(tx)) inhibition.observe(alert);
    return inhibition;
  }
}
