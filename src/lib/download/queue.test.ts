import { describe, expect, it } from 'vitest';
import { DownloadCancelledError } from './errors';
import { inCompletionOrder } from './queue';
import { sleep } from './test-support';

describe('inCompletionOrder', () => {
  it('yields in completion order and never runs more than maxAhead ahead of the reader', async () => {
    let started = 0;
    let consumed = 0;
    let worstLead = 0;
    const items = Array.from({ length: 30 }, (_, i) => i);
    const run = async (i: number) => {
      started += 1;
      worstLead = Math.max(worstLead, started - consumed);
      await sleep(i % 3 === 0 ? 15 : 1);
      return i;
    };
    const seen: number[] = [];
    for await (const i of inCompletionOrder(items, run, 4, new AbortController().signal)) {
      seen.push(i);
      await sleep(3); // a slow writer
      consumed += 1;
    }
    expect([...seen].sort((a, b) => a - b)).toEqual(items);
    expect(seen).not.toEqual(items);
    expect(worstLead).toBeLessThanOrEqual(4);
  });

  it('stops starting work and throws the cancel error when aborted', async () => {
    const controller = new AbortController();
    let started = 0;
    const run = async (i: number) => {
      started += 1;
      await sleep(20);
      return i;
    };
    const reading = (async () => {
      for await (const i of inCompletionOrder([1, 2, 3, 4, 5, 6], run, 2, controller.signal)) {
        if (i === 1) controller.abort();
      }
    })();
    await expect(reading).rejects.toBeInstanceOf(DownloadCancelledError);
    await sleep(50);
    // Two were started before the abort (the window is 2); none after it.
    expect(started).toBe(2);
  });
});
