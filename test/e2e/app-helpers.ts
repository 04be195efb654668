/** Helpers for the app tests: recorders installed in the page before its scripts run, and waits on what they saw. */
import { resolve } from 'node:path';
import { AxePuppeteer } from '@axe-core/puppeteer';
import type { Page } from 'puppeteer-core';
import type { EpochDetail } from '../../src/components/events.js';
import type { XentModel } from '../../src/model/format.js';

export const repoRoot = resolve(import.meta.dirname, '../..');

export interface RecordedEvent {
  type: 'xent-data-loaded' | 'xent-epoch' | 'xent-trained' | 'xent-error';
  detail: Record<string, unknown>;
}

export type EpochEvent = EpochDetail;

/** Waits until the page's <xent-trainer> has its data set. */
export function trainerLoaded(page: Page): Promise<unknown> {
  return page.waitForFunction(() => document.querySelector('xent-trainer')?.data != null, { timeout: 60_000 });
}

/** Waits until <xent-data-loader> is defined. */
export function loaderDefined(page: Page): Promise<unknown> {
  return page.waitForFunction(() => customElements.get('xent-data-loader') !== undefined);
}

/**
 * Installs, before any page script runs, a document listener that keeps every xent event in `window.__xentEvents`
 * (they bubble and are composed, so they reach the document from inside any shadow root).
 */
export async function recordXentEvents(page: Page): Promise<void> {
  await page.evaluateOnNewDocument(() => {
    const events: RecordedEvent[] = [];
    window.__xentEvents = events;
    for (const type of ['xent-data-loaded', 'xent-epoch', 'xent-trained', 'xent-error'] as const) {
      document.addEventListener(type, (e) => events.push({ type, detail: JSON.parse(JSON.stringify((e as CustomEvent).detail)) }));
    }
  });
}

/**
 * Forwards, before any page script runs, the page's unhandled promise rejections and Content-Security-Policy violations
 * to console.error, which the page fixture records with the other errors (the training worker forwards its own).
 */
export async function reportPageFaults(page: Page): Promise<void> {
  await page.evaluateOnNewDocument(() => {
    window.addEventListener('unhandledrejection', (e) => console.error(`unhandled rejection: ${String(e.reason)}`));
    document.addEventListener('securitypolicyviolation', (e) =>
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline code'}`),
    );
  });
}

/**
 * Keeps, before any page script runs, `exportModel()` of the trainer that fired each `xent-epoch`, by epoch number, in
 * `window.__xentEpochModels`.
 */
export async function recordEpochModels(page: Page): Promise<void> {
  await page.evaluateOnNewDocument(() => {
    const models: Record<number, XentModel> = {};
    window.__xentEpochModels = models;
    document.addEventListener('xent-epoch', (e) => {
      const trainer = e.target as HTMLElementTagNameMap['xent-trainer'];
      models[(e as CustomEvent<{ epoch: number }>).detail.epoch] = trainer.exportModel();
    });
  });
}

export function epochModels(page: Page): Promise<Record<number, XentModel>> {
  return page.evaluate(() => window.__xentEpochModels ?? {});
}

/** Forgets the events and models recorded so far (before the next run of the same page). */
export async function clearRecorded(page: Page): Promise<void> {
  await page.evaluate(() => {
    window.__xentEvents.length = 0;
    const models = window.__xentEpochModels ?? {};
    for (const key of Object.keys(models)) delete models[Number(key)];
  });
}

export function recordedEvents(page: Page): Promise<RecordedEvent[]> {
  return page.evaluate(() => window.__xentEvents);
}

/** Waits until events of the given types were recorded `count` times in total. */
export async function waitForEvents(page: Page, types: RecordedEvent['type'][], count = 1, timeout = 60_000): Promise<void> {
  await page.waitForFunction(
    (t: string[], n: number) => window.__xentEvents.filter((e) => t.includes(e.type)).length >= n,
    { timeout },
    types,
    count,
  );
}

/** Waits until `xent-trained` or `xent-error` was recorded `count` times in total; fails with the errors seen. */
export async function waitForTrained(page: Page, count = 1, timeout = 120_000): Promise<{ epochs: EpochEvent[]; model: XentModel }> {
  await waitForEvents(page, ['xent-trained', 'xent-error'], count, timeout);
  const events = await recordedEvents(page);
  const errors = events.filter((e) => e.type === 'xent-error');
  if (errors.length > 0) throw new Error(`xent-error: ${errors.map((e) => e.detail.message).join('; ')}`);
  const trained = events.filter((e) => e.type === 'xent-trained').at(-1);
  return {
    epochs: events.filter((e) => e.type === 'xent-epoch').map((e) => e.detail as unknown as EpochEvent),
    model: trained?.detail.model as XentModel,
  };
}

/** Fraction of non-transparent pixels of the canvas matched by `selector` (`>>>` pierces shadow roots). */
export function canvasInk(page: Page, selector: string): Promise<number> {
  return page.$eval(selector, (canvas) => {
    const c = canvas as HTMLCanvasElement;
    const pixels = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data;
    if (!pixels) return 0;
    let ink = 0;
    for (let i = 3; i < pixels.length; i += 4) if ((pixels[i] as number) > 0) ink++;
    return ink / (pixels.length / 4);
  });
}

/** Sets the page's <xent-trainer> attributes. */
export function configure(page: Page, attributes: Record<string, string>): Promise<void> {
  return page.$eval(
    'xent-trainer',
    (trainer, a) => {
      for (const [name, value] of Object.entries(a)) trainer.setAttribute(name, value);
    },
    attributes,
  );
}

/** axe's serious and critical violations on the page, one line each (rule, impact, where). */
export async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxePuppeteer(page).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
