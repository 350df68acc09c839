/**
 * Anomaly scoring without a cloud: a robust z-score of the current value against the median and
 * the median absolute deviation (MAD) of the last N runs. The current point and past anomalies
 * are left out of training, and nothing can fail before `min_history` runs exist.
 */

export interface AnomalyOptions {
  sensitivity: number;
  minHistory: number;
  window: number;
  direction: 'both' | 'up' | 'down';
}

export interface AnomalyScore {
  /** `learning` until enough history exists. */
  verdict: 'normal' | 'anomalous' | 'learning';
  median?: number;
  mad?: number;
  /** Robust z-score: 0.6745 × (value − median) / MAD. */
  score?: number;
  used: number;
}

/** 0.6745 makes the MAD of normally distributed data comparable with a standard deviation. */
const CONSISTENCY = 0.6745;

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * `history` is oldest first and holds only past runs that were not anomalous for this metric.
 * When the MAD is 0 (a constant history), the mean absolute deviation is used; when that is 0
 * too, any change from the constant is anomalous.
 */
export function scoreAnomaly(history: number[], value: number, options: AnomalyOptions): AnomalyScore {
  const training = history.filter((v) => Number.isFinite(v)).slice(-options.window);
  if (training.length < options.minHistory) return { verdict: 'learning', used: training.length };
  const m = median(training);
  let mad = median(training.map((v) => Math.abs(v - m)));
  let scale = mad / CONSISTENCY;
  if (mad === 0) {
    const meanAbs = training.reduce((sum, v) => sum + Math.abs(v - m), 0) / training.length;
    scale = meanAbs * 1.2533; // mean absolute deviation to standard deviation, for normal data
    mad = 0;
  }
  const deviation = value - m;
  const score = scale === 0 ? (deviation === 0 ? 0 : Math.sign(deviation) * Infinity) : deviation / scale;
  const beyond =
    options.direction === 'up'
      ? score > options.sensitivity
      : options.direction === 'down'
        ? score < -options.sensitivity
        : Math.abs(score) > options.sensitivity;
  return { verdict: beyond ? 'anomalous' : 'normal', median: m, mad, score, used: training.length };
}
