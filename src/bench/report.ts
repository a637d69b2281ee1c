/** How a benchmark command runs: progress on stderr, the report on stdout as a table or as JSON. */
import { createProgress } from '../cli/progress.js';

export type OnProgress = (done: number, total: number, label?: string) => void;

/**
 * Runs `run` with a progress line named `name` and prints its report. Bad input (a missing folder,
 * malformed results) gets one clear line on stderr and exit code 1, not a stack trace.
 */
export async function printBenchReport<R>(name: string, json: boolean | undefined, run: (onProgress: OnProgress) => R | Promise<R>, format: (report: R) => string): Promise<void> {
  const progress = createProgress(name);
  try {
    const report = await run((done, total, label) => progress.update(done, total, label));
    progress.finish();
    process.stdout.write(`${json === true ? JSON.stringify(report, null, 2) : format(report)}\n`);
  } catch (error) {
    progress.finish();
    process.stderr.write(`opsight bench ${name}: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
