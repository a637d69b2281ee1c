import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Expiry, WatchdogLimits } from './watchdog.js';
import { Watchdog } from './watchdog.js';

/** A watchdog and a promise of its expiry; `reading` says whether the connection is reading. */
function watch(limits: WatchdogLimits, reading = () => true) {
  let expired!: (why: Expiry) => void;
  // The watchdog's timer is unref'd (a socket keeps a real process alive); here a ref'd one must.
  const alive = setInterval(() => undefined, 1000);
  const expiry = new Promise<Expiry>((resolve) => { expired = resolve; }).finally(() => clearInterval(alive));
  return { dog: new Watchdog(limits, reading, expired), expiry };
}

describe('Watchdog', () => {
  it('expires a connection that reads nothing for idleTimeoutMs', async () => {
    const { expiry } = watch({ idleTimeoutMs: 30, frameTimeoutMs: 0 });
    assert.equal(await expiry, 'idle');
  });

  it('expires a frame that keeps trickling past frameTimeoutMs, though bytes keep coming', async () => {
    const { dog, expiry } = watch({ idleTimeoutMs: 0, frameTimeoutMs: 50 });
    const trickle = setInterval(() => dog.read(true, false), 5);
    try {
      assert.equal(await expiry, 'frame');
    } finally {
      clearInterval(trickle);
    }
  });

  it('restarts the frame clock whenever a frame ends, so a busy stream is never cut', async () => {
    const { dog, expiry } = watch({ idleTimeoutMs: 200, frameTimeoutMs: 20 });
    let reads = 0;
    // Every read ends a frame and leaves the next unfinished, for ten frame timeouts; then the last frame ends and it goes quiet.
    const busy = setInterval(() => {
      if (reads++ < 40) dog.read(reads < 40, true);
    }, 5);
    try {
      assert.equal(await expiry, 'idle');
      assert.ok(reads >= 40);
    } finally {
      clearInterval(busy);
    }
  });

  it('does not expire while the connection has paused reading, and does once it reads again', async () => {
    let reading = false;
    const { dog, expiry } = watch({ idleTimeoutMs: 20, frameTimeoutMs: 0 }, () => reading);
    let checks = 0;
    const resume = setInterval(() => { if (++checks === 20) reading = true; }, 5);
    try {
      assert.equal(await expiry, 'idle');
      assert.ok(checks >= 20);
    } finally {
      clearInterval(resume);
      dog.stop();
    }
  });
});
