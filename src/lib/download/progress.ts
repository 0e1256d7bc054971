export type DownloadStage = 'downloading' | 'packing' | 'saving' | 'done';

export interface DownloadProgress {
  stage: DownloadStage;
  /** 0-based part the stage refers to (show `partIndex + 1`); 0 of 1 on the streaming path. */
  partIndex: number;
  partCount: number;
  /** Stored in an archive (failed ones are counted apart). */
  filesDone: number;
  filesFailed: number;
  filesTotal: number;
  bytesDone: number;
  /** Recorded sizes at first, replaced by Content-Length and then by the bytes really received. */
  bytesTotal: number;
  /** Smoothed over recent seconds. */
  bytesPerSecond: number;
  /** Undefined until there is a speed to divide by. */
  secondsLeft: number | undefined;
}

interface PhotoBytes {
  expected: number;
  received: number;
}

const SAMPLE_MS = 500;
const SMOOTHING = 0.3;

/** Turns per-chunk and per-file events into throttled `DownloadProgress` snapshots. */
export class ProgressTracker {
  private readonly photos: PhotoBytes[];
  private snapshot: DownloadProgress;
  private lastEmitAt = -Infinity;
  private sampleAt: number;
  private sampleBytes = 0;
  private speed: number | undefined;
  private ticker: ReturnType<typeof setInterval> | undefined;

  constructor(
    estimates: readonly number[],
    partCount: number,
    private readonly onProgress: ((progress: DownloadProgress) => void) | undefined,
    private readonly now: () => number = () => performance.now(),
    private readonly intervalMs = 100,
  ) {
    this.photos = estimates.map((expected) => ({ expected, received: 0 }));
    this.sampleAt = now();
    this.snapshot = {
      stage: 'downloading',
      partIndex: 0,
      partCount,
      filesDone: 0,
      filesFailed: 0,
      filesTotal: estimates.length,
      bytesDone: 0,
      bytesTotal: estimates.reduce((sum, n) => sum + n, 0),
      bytesPerSecond: 0,
      secondsLeft: undefined,
    };
  }

  /** A heartbeat so the speed decays while a transfer stalls. */
  start(): void {
    this.emit(true);
    this.ticker ??= setInterval(() => this.emit(true), 1000);
  }

  stop(): void {
    clearInterval(this.ticker);
    this.ticker = undefined;
  }

  get current(): DownloadProgress {
    return { ...this.snapshot };
  }

  lengthKnown(photo: number, contentLength: number): void {
    const entry = this.photos[photo];
    if (!entry) return;
    this.snapshot.bytesTotal += contentLength - entry.expected;
    entry.expected = contentLength;
    this.emit(false);
  }

  received(photo: number, bytes: number): void {
    const entry = this.photos[photo];
    if (!entry) return;
    entry.received += bytes;
    this.snapshot.bytesDone += bytes;
    this.emit(false);
  }

  /** A retry starts from zero, so the bytes of the failed attempt no longer count. */
  attemptFailed(photo: number): void {
    const entry = this.photos[photo];
    if (!entry) return;
    this.snapshot.bytesDone -= entry.received;
    entry.received = 0;
  }

  fileDone(photo: number, bytes: number): void {
    this.settle(photo, bytes);
    this.snapshot.filesDone += 1;
    this.emit(false);
  }

  fileFailed(photo: number): void {
    this.settle(photo, 0);
    this.snapshot.filesFailed += 1;
    this.emit(false);
  }

  stage(stage: DownloadStage, partIndex: number): void {
    this.snapshot.stage = stage;
    this.snapshot.partIndex = partIndex;
    if (stage === 'done') this.snapshot.secondsLeft = 0;
    this.emit(true);
  }

  private settle(photo: number, bytes: number): void {
    const entry = this.photos[photo];
    if (!entry) return;
    this.snapshot.bytesTotal += bytes - entry.expected;
    this.snapshot.bytesDone += bytes - entry.received;
    entry.expected = bytes;
    entry.received = bytes;
  }

  private emit(force: boolean): void {
    const now = this.now();
    this.sample(now);
    if (!force && now - this.lastEmitAt < this.intervalMs) return;
    this.lastEmitAt = now;
    this.onProgress?.(this.current);
  }

  private sample(now: number): void {
    const elapsed = now - this.sampleAt;
    if (elapsed < SAMPLE_MS) return;
    const rate = Math.max(0, ((this.snapshot.bytesDone - this.sampleBytes) * 1000) / elapsed);
    this.speed = this.speed === undefined ? rate : SMOOTHING * rate + (1 - SMOOTHING) * this.speed;
    this.sampleAt = now;
    this.sampleBytes = this.snapshot.bytesDone;
    const left = Math.max(0, this.snapshot.bytesTotal - this.snapshot.bytesDone);
    this.snapshot.bytesPerSecond = Math.round(this.speed);
    if (this.snapshot.stage === 'done') return;
    this.snapshot.secondsLeft = this.speed > 0 ? Math.ceil(left / this.speed) : undefined;
  }
}
