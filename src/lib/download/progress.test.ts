import { describe, expect, it } from 'vitest';
import { ProgressTracker, type DownloadProgress } from './progress';

function tracker(estimates: number[]) {
  let now = 0;
  const events: DownloadProgress[] = [];
  const progress = new ProgressTracker(
    estimates,
    2,
    (p) => events.push(p),
    () => now,
  );
  return { progress, events, advance: (ms: number) => (now += ms), last: () => events.at(-1)! };
}

describe('ProgressTracker', () => {
  it('corrects the total by Content-Length and actual bytes, and undoes a failed attempt', () => {
    const { progress, last, advance } = tracker([1000, 2000]);
    progress.start();
    expect(last()).toMatchObject({ bytesTotal: 3000, bytesDone: 0, filesTotal: 2, partIndex: 0 });
    progress.lengthKnown(0, 1200);
    progress.received(0, 600);
    progress.attemptFailed(0);
    progress.received(0, 1200);
    progress.fileDone(0, 1200);
    progress.fileFailed(1);
    advance(200);
    progress.stage('done', 1);
    progress.stop();
    expect(last()).toMatchObject({
      stage: 'done',
      bytesTotal: 1200,
      bytesDone: 1200,
      filesDone: 1,
      filesFailed: 1,
      secondsLeft: 0,
    });
  });

  it('smooths the speed and derives the time left', () => {
    const { progress, last, advance } = tracker([10_000_000]);
    progress.start();
    expect(last().secondsLeft).toBeUndefined();
    advance(1000);
    progress.received(0, 1_000_000);
    expect(last()).toMatchObject({ bytesPerSecond: 1_000_000, secondsLeft: 9 });
    advance(1000);
    progress.received(0, 3_000_000);
    // 0.3 * 3 MB/s + 0.7 * 1 MB/s
    expect(last().bytesPerSecond).toBe(1_600_000);
    expect(last().secondsLeft).toBe(Math.ceil(6_000_000 / 1_600_000));
    progress.stop();
  });

  it('throttles byte events but not stage changes', () => {
    const { progress, events, advance } = tracker([1000]);
    progress.start();
    for (let i = 0; i < 50; i += 1) {
      progress.received(0, 10);
      advance(1);
    }
    progress.stage('packing', 0);
    progress.stop();
    expect(events.length).toBeLessThan(5);
    expect(events.at(-1)!.stage).toBe('packing');
  });
});
