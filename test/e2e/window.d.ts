/** What the e2e tests read from `window`: the globals their pages, recorders and page functions set. */
import type { XentModel } from '../../src/model/format.js';
import type { RecordedEvent } from './app-helpers.js';
import type { KernelOutcome } from './pages/kernels.js';

declare global {
  interface Window {
    /** Every xent event so far (recordXentEvents, app-helpers.ts). */
    __xentEvents: RecordedEvent[];
    /** exportModel() at each xent-epoch, by epoch number (recordEpochModels, app-helpers.ts); only where installed. */
    __xentEpochModels?: Record<number, XentModel>;
    /** explorables.test.ts: the durations (ms) of the page's long tasks not yet taken, from a PerformanceObserver. */
    __longTasks: number[];
    /** The kernel checks' outcome, once they are done (pages/kernels.ts). */
    xentKernelChecks: KernelOutcome;
    /** data-loader.test.ts: the loader it put on the page, and its first events. */
    loader: HTMLElementTagNameMap['xent-data-loader'];
    loaderDone: Promise<RecordedEvent[]>;
    /** csv-stream.test.ts: the values the loader's progress bar took, and its first event. */
    csvProgress: number[];
    csvLoaded: Promise<RecordedEvent>;
    /** failures.test.ts: the epoch at which the resumed run is stopped. */
    resumeUntil: number;
    /** untrusted-csv.test.ts: set only if a script planted in the CSV ran. */
    __pwned?: number;
  }
}
