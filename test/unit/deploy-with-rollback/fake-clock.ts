/** A clock for the bake loop that never really waits: sleeping moves time forward at once. */
import type { Clock } from '../../../shared/src/deploy/verify.js';

export class FakeClock implements Clock {
  t = 0;
  readonly sleeps: number[] = [];
  now(): number {
    return this.t;
  }
  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.t += ms;
  }
  advance(ms: number): void {
    this.t += ms;
  }
}
