// The smoothing TensorBoard applies to its scalar plots: an exponential moving average whose
// early values are divided by the weight the average has gathered so far ("debiasing"), so that
// the smoothed curve starts on the first value instead of crawling up from zero.

export class Smoother {
  private last = 0;
  private count = 0;

  /** `weight` in [0, 1): 0 keeps the raw values, values near 1 smooth heavily. */
  constructor(private readonly weight: number) {}

  next(value: number): number {
    this.last = this.last * this.weight + (1 - this.weight) * value;
    this.count++;
    const debias = 1 - Math.pow(this.weight, this.count);
    return this.last / debias;
  }
}
