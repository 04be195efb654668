/**
 * CPU epochs resolve their promises at once, so a loop of them never lets a worker see a message (such as stop).
 * Every few milliseconds the loop waits for one macrotask (a MessageChannel round trip: no timer clamping).
 */
const YIELD_EVERY_MS = 10;
let lastYield = 0;
const channel = new MessageChannel();
/** Everyone waiting for the round trip in flight; one message lets them all go on. */
let waiting: (() => void)[] = [];
channel.port1.onmessage = () => {
  lastYield = performance.now();
  const ready = waiting;
  waiting = [];
  for (const resolve of ready) resolve();
};

/** Resolves after one macrotask when the last one was over 10 ms ago (or `now`); undefined when there is no need. */
export function letMessagesIn(now = false): Promise<void> | undefined {
  if (!now && performance.now() - lastYield < YIELD_EVERY_MS) return undefined;
  return new Promise((resolve) => {
    if (waiting.push(resolve) === 1) channel.port2.postMessage(null);
  });
}
