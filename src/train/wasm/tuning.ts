// Thresholds that choose between equivalent ways of computing a kernel. They were measured on
// the development machine (see docs/training-performance.md); tests lower or raise them to run
// every path on small inputs.
export const wasmKernelTuning = {
  /**
   * From this many input channels the filter gradient uses the batch-swapped convolution (else
   * the direct SIMD kernel). Measured, ms, direct vs swapped, [64, 26, 26, Cin] ⊛ 3×3×Cin×32 on 2
   * threads: Cin 1: 2.5 vs 11.7; 4: 4.3 vs 13.1; 8: 8.9 vs 17.9; 16: 18.1 vs 21.2;
   * [64, 13, 13, 32] ⊛ 3×3×32×64: 19.8 vs 11.7 (one thread: 18.5 vs 20.0).
   */
  swappedConvMinChannels: 32,
  /** Stride-1 input gradients use the rotated-filter convolution (else col2im, as for strides > 1). */
  rotatedConvForStride1: true,
  /** Sums over leading axes of at least this many rows go through XNNPACK's average pooling in chunks (else JavaScript). */
  sumPoolMinRows: 2048,
  /** The most col2im column elements built at once; larger batches go in chunks. */
  maxColumnElements: 1 << 24,
  /**
   * Products with fewer rows than this whose right operand is new to XNNPACK use our own gemm,
   * which reads it in place (else XNNPACK, which packs it first). Measured on one thread, ms:
   * 64×784·784×128 0.67 vs 1.36; 784×64·64×128 0.58 vs 1.04; 64×1600·1600×16 0.15 vs 0.47;
   * 7744×288·288×64 14.4 vs 13.2.
   */
  nativeGemmMaxRows: 4096,
  /** MaxPoolGrad over windows that tile the input takes the SIMD kernel (else the general loop). */
  maxPoolGradTiledPath: true,
};
