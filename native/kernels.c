// NN Studio's own WebAssembly SIMD kernels for the TensorFlow.js wasm backend. They are linked
// against the backend's memory (imported, never defined here) and work on tensors in place on
// its heap: pointers are byte offsets into that heap. Nothing here may use static data or the
// stack: the module shares memory it does not own, so a data segment or a stack would write over
// the backend's heap. scripts/build-native.sh checks the built module has neither.
//
// Compiled with -ffp-contract=off: every operation rounds to float32 as TensorFlow.js's own
// kernels do, so results are bit-identical to the ops they replace.
#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(#name)))

// One Adam step over n floats: the moments and the variable, in the order and rounding of
// TensorFlow.js's AdamOptimizer.applyGradients (m and v updated, bias-corrected by d1 = 1 - β1^t
// and d2 = 1 - β2^t, then x + (-lr) · (m/d1) / (sqrt(v/d2) + ε)).
EXPORT(adam)
void adam(float *x_out, float *m_out, float *v_out, const float *x, const float *g, const float *m,
          const float *v, int n, float beta1, float one_minus_beta1, float beta2, float one_minus_beta2,
          float d1, float d2, float epsilon, float negative_lr) {
  const v128_t b1 = wasm_f32x4_splat(beta1), c1 = wasm_f32x4_splat(one_minus_beta1);
  const v128_t b2 = wasm_f32x4_splat(beta2), c2 = wasm_f32x4_splat(one_minus_beta2);
  const v128_t vd1 = wasm_f32x4_splat(d1), vd2 = wasm_f32x4_splat(d2);
  const v128_t eps = wasm_f32x4_splat(epsilon), nlr = wasm_f32x4_splat(negative_lr);
  int i = 0;
  for (; i + 4 <= n; i += 4) {
    const v128_t gi = wasm_v128_load(g + i);
    const v128_t mi = wasm_f32x4_add(wasm_f32x4_mul(wasm_v128_load(m + i), b1), wasm_f32x4_mul(gi, c1));
    const v128_t vi = wasm_f32x4_add(wasm_f32x4_mul(wasm_v128_load(v + i), b2), wasm_f32x4_mul(wasm_f32x4_mul(gi, gi), c2));
    const v128_t denominator = wasm_f32x4_add(wasm_f32x4_sqrt(wasm_f32x4_div(vi, vd2)), eps);
    const v128_t step = wasm_f32x4_mul(wasm_f32x4_div(wasm_f32x4_div(mi, vd1), denominator), nlr);
    wasm_v128_store(m_out + i, mi);
    wasm_v128_store(v_out + i, vi);
    wasm_v128_store(x_out + i, wasm_f32x4_add(step, wasm_v128_load(x + i)));
  }
  for (; i < n; i++) {
    const float gi = g[i];
    const float mi = m[i] * beta1 + gi * one_minus_beta1;
    const float vi = v[i] * beta2 + (gi * gi) * one_minus_beta2;
    const float denominator = __builtin_sqrtf(vi / d2) + epsilon;
    m_out[i] = mi;
    v_out[i] = vi;
    x_out[i] = (mi / d1) / denominator * negative_lr + x[i];
  }
}

// c[m×n] = a[m×k] · b[k×n] (+ bias[n], which may be 0) (then max(0, ·) when relu), all row-major
// and contiguous. XNNPACK packs b into its own layout whenever it creates an operator, and the wasm
// backend creates one for every new b: in training b is a weight that changes every step, and
// packing a 784×128 matrix costs as much as multiplying by it. This kernel reads b in place: for
// each strip of 8 columns of b (which stays in cache across the row blocks) it runs a register
// block of MR rows over k. Sums are in the order of k, one rounding per multiply and add.
#define MR 6
#define ALWAYS_INLINE __attribute__((always_inline)) static inline

// One block of `rows` (≤ MR) rows by 8 columns, or 4 when !wide. `rows` and `wide` are
// constants at every call, so the accumulators stay in registers: the module has no stack.
ALWAYS_INLINE void gemm_block(float *c, const float *a, const float *b, const float *bias, const int rows,
                              const int wide, int k, int n, int j, int relu) {
  v128_t acc0[MR], acc1[MR];
  const v128_t zero = wasm_f32x4_splat(0.0f);
  const v128_t bias0 = bias ? wasm_v128_load(bias + j) : zero;
  const v128_t bias1 = bias && wide ? wasm_v128_load(bias + j + 4) : zero;
#pragma clang loop unroll(full)
  for (int r = 0; r < MR; r++) {
    acc0[r] = bias0;
    acc1[r] = bias1;
  }
  for (int p = 0; p < k; p++) {
    const v128_t b0 = wasm_v128_load(b + p * n + j);
    const v128_t b1 = wide ? wasm_v128_load(b + p * n + j + 4) : zero;
#pragma clang loop unroll(full)
    for (int r = 0; r < MR; r++) {
      if (r < rows) {
        const v128_t av = wasm_f32x4_splat(a[r * k + p]);
        acc0[r] = wasm_f32x4_add(acc0[r], wasm_f32x4_mul(av, b0));
        if (wide) acc1[r] = wasm_f32x4_add(acc1[r], wasm_f32x4_mul(av, b1));
      }
    }
  }
#pragma clang loop unroll(full)
  for (int r = 0; r < MR; r++) {
    if (r < rows) {
      if (relu) {
        acc0[r] = wasm_f32x4_pmax(acc0[r], zero);
        acc1[r] = wasm_f32x4_pmax(acc1[r], zero);
      }
      wasm_v128_store(c + r * n + j, acc0[r]);
      if (wide) wasm_v128_store(c + r * n + j + 4, acc1[r]);
    }
  }
}

// All rows of one strip of columns starting at j: blocks of MR rows, then one block of the rest.
ALWAYS_INLINE void gemm_strip(float *c, const float *a, const float *b, const float *bias, int m, int k, int n,
                              int j, int relu, const int wide) {
  int i = 0;
  for (; i + MR <= m; i += MR) gemm_block(c + i * n, a + i * k, b, bias, MR, wide, k, n, j, relu);
  float *ci = c + i * n;
  const float *ai = a + i * k;
  switch (m - i) {
    case 5: gemm_block(ci, ai, b, bias, 5, wide, k, n, j, relu); break;
    case 4: gemm_block(ci, ai, b, bias, 4, wide, k, n, j, relu); break;
    case 3: gemm_block(ci, ai, b, bias, 3, wide, k, n, j, relu); break;
    case 2: gemm_block(ci, ai, b, bias, 2, wide, k, n, j, relu); break;
    case 1: gemm_block(ci, ai, b, bias, 1, wide, k, n, j, relu); break;
  }
}

EXPORT(gemm)
void gemm(float *c, const float *a, const float *b, const float *bias, int m, int k, int n, int relu) {
  int j = 0;
  for (; j + 8 <= n; j += 8) gemm_strip(c, a, b, bias, m, k, n, j, relu, 1);
  if (j + 4 <= n) {
    gemm_strip(c, a, b, bias, m, k, n, j, relu, 0);
    j += 4;
  }
  // The last 1–3 columns, one element at a time (same order of sums).
  for (; j < n; j++) {
    for (int i = 0; i < m; i++) {
      float sum = bias ? bias[j] : 0.0f;
      for (int p = 0; p < k; p++) sum += a[i * k + p] * b[p * n + j];
      c[i * n + j] = relu && sum < 0.0f ? 0.0f : sum;
    }
  }
}

// The max-pooling gradient for windows that tile the input (stride = window, no padding), NHWC.
// Each window's gradient goes to its first strictly largest element in row-major order; NaN and
// −∞ never win (a window of only those gets nothing), as on TensorFlow.js's cpu backend. Four
// channels at a time: the running maximum and its window position are selected with comparison
// masks, then every element of the window is written (the gradient where it won, else 0), so dx
// needs no clearing except the rows and columns no window covers, which are zeroed here.
EXPORT(max_pool_grad_tiled)
void max_pool_grad_tiled(float *dx, const float *x, const float *dy, int batch, int height, int width, int channels,
                         int kh, int kw, int out_height, int out_width) {
  const int row = width * channels;
  const v128_t minus_infinity = wasm_f32x4_splat(-__builtin_inff());
  for (int b = 0; b < batch; b++) {
    const float *xb = x + b * height * row;
    float *dxb = dx + b * height * row;
    const float *dyb = dy + b * out_height * out_width * channels;
    for (int yo = 0; yo < out_height; yo++) {
      for (int xo = 0; xo < out_width; xo++) {
        const int first = (yo * kh * width + xo * kw) * channels;
        const float *g = dyb + (yo * out_width + xo) * channels;
        int c = 0;
        for (; c + 4 <= channels; c += 4) {
          v128_t best = minus_infinity, at = wasm_i32x4_splat(-1);
          for (int i = 0; i < kh; i++) {
            for (int j = 0; j < kw; j++) {
              const v128_t v = wasm_v128_load(xb + first + i * row + j * channels + c);
              const v128_t larger = wasm_f32x4_gt(v, best);
              best = wasm_v128_bitselect(v, best, larger);
              at = wasm_v128_bitselect(wasm_i32x4_splat(i * kw + j), at, larger);
            }
          }
          const v128_t gradient = wasm_v128_load(g + c);
          for (int i = 0; i < kh; i++) {
            for (int j = 0; j < kw; j++) {
              const v128_t won = wasm_i32x4_eq(at, wasm_i32x4_splat(i * kw + j));
              wasm_v128_store(dxb + first + i * row + j * channels + c, wasm_v128_and(gradient, won));
            }
          }
        }
        for (; c < channels; c++) {
          float best = -__builtin_inff();
          int at = -1;
          for (int i = 0; i < kh; i++) {
            for (int j = 0; j < kw; j++) {
              const float v = xb[first + i * row + j * channels + c];
              if (v > best) {
                best = v;
                at = i * kw + j;
              }
            }
          }
          for (int i = 0; i < kh; i++) {
            for (int j = 0; j < kw; j++) dxb[first + i * row + j * channels + c] = at == i * kw + j ? g[c] : 0.0f;
          }
        }
      }
      // The columns right of the last window, in this window row's rows.
      const int covered = out_width * kw * channels;
      for (int i = 0; i < kh; i++) __builtin_memset(dxb + (yo * kh + i) * row + covered, 0, (row - covered) * sizeof(float));
    }
    // The rows below the last window.
    __builtin_memset(dxb + out_height * kh * row, 0, (height - out_height * kh) * row * sizeof(float));
  }
}

// The convolution's filter gradient, NHWC, for an input already padded (so every window lies
// inside it) and dilation 1:
//   dw[a, b, ci, co] = Σ_{n, y, x} x[n, y·sh + a, x·sw + b, ci] · dy[n, y, x, co]
// A product dwᵀ… = patchesᵀ · dy whose patch matrix is read in place: each row r = (a, b, ci) of
// dw is a fixed offset from the pixel's window corner. Blocks of MR rows by 8 (or 4) columns
// stay in registers over one image's pixels and are then added to dw, so no float32 sum runs
// over more than one image. Used where the batch-swapped convolution has too few input channels
// to be fast (the first layer of an image model); dy is read in place, never packed.
ALWAYS_INLINE void filter_grad_block(float *dw, const float *x, const float *dy, const int r0, const int rows,
                                     const int wide, int batch, int hp, int wp, int cin, int ho, int wo, int cout, int kw,
                                     int sh, int sw, int j) {
  int offset[MR];
#pragma clang loop unroll(full)
  for (int r = 0; r < MR; r++) {
    const int row = r < rows ? r0 + r : r0;
    const int ci = row % cin, b = (row / cin) % kw, a = row / (cin * kw);
    offset[r] = (a * wp + b) * cin + ci;
  }
  const v128_t zero = wasm_f32x4_splat(0.0f);
  for (int n = 0; n < batch; n++) {
    v128_t acc0[MR], acc1[MR];
#pragma clang loop unroll(full)
    for (int r = 0; r < MR; r++) acc0[r] = acc1[r] = zero;
    for (int y = 0; y < ho; y++) {
      const float *xrow = x + ((n * hp + y * sh) * wp) * cin;
      const float *g = dy + ((n * ho + y) * wo) * cout + j;
      for (int xo = 0; xo < wo; xo++, g += cout) {
        const float *corner = xrow + xo * sw * cin;
        const v128_t g0 = wasm_v128_load(g);
        const v128_t g1 = wide ? wasm_v128_load(g + 4) : zero;
#pragma clang loop unroll(full)
        for (int r = 0; r < MR; r++) {
          if (r < rows) {
            const v128_t xv = wasm_f32x4_splat(corner[offset[r]]);
            acc0[r] = wasm_f32x4_add(acc0[r], wasm_f32x4_mul(xv, g0));
            if (wide) acc1[r] = wasm_f32x4_add(acc1[r], wasm_f32x4_mul(xv, g1));
          }
        }
      }
    }
#pragma clang loop unroll(full)
    for (int r = 0; r < MR; r++) {
      if (r < rows) {
        float *out = dw + (r0 + r) * cout + j;
        wasm_v128_store(out, wasm_f32x4_add(wasm_v128_load(out), acc0[r]));
        if (wide) wasm_v128_store(out + 4, wasm_f32x4_add(wasm_v128_load(out + 4), acc1[r]));
      }
    }
  }
}

ALWAYS_INLINE void filter_grad_strip(float *dw, const float *x, const float *dy, int rows_total, int batch, int hp,
                                     int wp, int cin, int ho, int wo, int cout, int kw, int sh, int sw, int j,
                                     const int wide) {
  int r = 0;
  for (; r + MR <= rows_total; r += MR)
    filter_grad_block(dw, x, dy, r, MR, wide, batch, hp, wp, cin, ho, wo, cout, kw, sh, sw, j);
  switch (rows_total - r) {
    case 5: filter_grad_block(dw, x, dy, r, 5, wide, batch, hp, wp, cin, ho, wo, cout, kw, sh, sw, j); break;
    case 4: filter_grad_block(dw, x, dy, r, 4, wide, batch, hp, wp, cin, ho, wo, cout, kw, sh, sw, j); break;
    case 3: filter_grad_block(dw, x, dy, r, 3, wide, batch, hp, wp, cin, ho, wo, cout, kw, sh, sw, j); break;
    case 2: filter_grad_block(dw, x, dy, r, 2, wide, batch, hp, wp, cin, ho, wo, cout, kw, sh, sw, j); break;
    case 1: filter_grad_block(dw, x, dy, r, 1, wide, batch, hp, wp, cin, ho, wo, cout, kw, sh, sw, j); break;
  }
}

EXPORT(conv2d_filter_grad)
void conv2d_filter_grad(float *dw, const float *x, const float *dy, int batch, int hp, int wp, int cin, int ho,
                        int wo, int cout, int kh, int kw, int sh, int sw) {
  const int rows_total = kh * kw * cin;
  __builtin_memset(dw, 0, rows_total * cout * sizeof(float));
  int j = 0;
  for (; j + 8 <= cout; j += 8) filter_grad_strip(dw, x, dy, rows_total, batch, hp, wp, cin, ho, wo, cout, kw, sh, sw, j, 1);
  if (j + 4 <= cout) {
    filter_grad_strip(dw, x, dy, rows_total, batch, hp, wp, cin, ho, wo, cout, kw, sh, sw, j, 0);
    j += 4;
  }
  // The last 1–3 output channels, one at a time, summed per image as above.
  for (; j < cout; j++) {
    for (int r = 0; r < rows_total; r++) {
      const int ci = r % cin, b = (r / cin) % kw, a = r / (cin * kw);
      const int offset = (a * wp + b) * cin + ci;
      for (int n = 0; n < batch; n++) {
        float sum = 0.0f;
        for (int y = 0; y < ho; y++)
          for (int xo = 0; xo < wo; xo++)
            sum += x[((n * hp + y * sh) * wp + xo * sw) * cin + offset] * dy[((n * ho + y) * wo + xo) * cout + j];
        dw[r * cout + j] += sum;
      }
    }
  }
}

// The gradient of y = relu(z) from y: dy where y > 0, 0 where y ≤ 0, and NaN where y is NaN (as
// TensorFlow.js's dy · step(z) gives for a NaN z). One pass instead of Step and Multiply.
EXPORT(relu_grad)
void relu_grad(float *dz, const float *dy, const float *y, int n) {
  int i = 0;
  for (; i + 4 <= n; i += 4) {
    const v128_t yv = wasm_v128_load(y + i);
    const v128_t positive = wasm_f32x4_gt(yv, wasm_f32x4_splat(0.0f));
    const v128_t nan = wasm_f32x4_ne(yv, yv);
    wasm_v128_store(dz + i, wasm_v128_or(wasm_v128_and(wasm_v128_load(dy + i), positive), wasm_v128_and(yv, nan)));
  }
  for (; i < n; i++) dz[i] = y[i] > 0.0f ? dy[i] : (y[i] != y[i] ? y[i] : 0.0f);
}
