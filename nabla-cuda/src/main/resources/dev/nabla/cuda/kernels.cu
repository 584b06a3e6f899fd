// Nabla's CUDA kernels: compiled by NVRTC on first use (CudaKernels), never by nvcc at build time.
// Each mirrors the Java kernel of the same op (dev.nabla.kernel) as closely as the hardware allows: the
// transcendental functions in double then rounded (Java's kernels call Math.exp/log/tanh), the same
// order of the scalar steps, and --fmad=false so that a*b+c is rounded twice, as Java rounds it. Every
// kernel is a grid-stride loop over n elements, so any grid size is correct.

#define LOOP(n) for (long long i = blockIdx.x * (long long) blockDim.x + threadIdx.x; i < (n); \
                     i += (long long) blockDim.x * gridDim.x)

extern "C" __global__ void fill_f32(float* x, float v, long long n) { LOOP(n) x[i] = v; }

extern "C" __global__ void axpy_f32(float a, const float* x, float* y, long long n) { LOOP(n) y[i] = y[i] + a * x[i]; }

extern "C" __global__ void scale_f32(float* x, float f, long long n) { LOOP(n) x[i] = x[i] * f; }

// Broadcasting as NumPy: out's dims, each operand's element strides (0 along a broadcast axis).
struct Bcast { int rank; int dims[8]; int sa[8]; int sb[8]; };

__device__ float binop(int op, float a, float b) {
  switch (op) {
    case 0: return a + b;
    case 1: return a - b;
    case 2: return a * b;
    case 3: return a / b;
    case 4: return (a != a || b != b) ? __int_as_float(0x7fc00000) : (a >= b ? a : b);   // MAX, Java's NaN rule
    case 5: return (a != a || b != b) ? __int_as_float(0x7fc00000) : (a <= b ? a : b);   // MIN
    case 6: return (float) pow((double) a, (double) b);
    case 7: return a > b ? 1.f : 0.f;
    case 8: return a >= b ? 1.f : 0.f;
    case 9: return a < b ? 1.f : 0.f;
    case 10: return a <= b ? 1.f : 0.f;
    case 11: return a == b ? 1.f : 0.f;
    default: return a != b ? 1.f : 0.f;
  }
}

extern "C" __global__ void binary_f32(int op, const float* a, const float* b, float* out, long long n, Bcast s) {
  LOOP(n) {
    long long rest = i, ia = 0, ib = 0;
    for (int d = s.rank - 1; d >= 0; d--) {
      long long k = rest % s.dims[d];
      rest /= s.dims[d];
      ia += k * s.sa[d];
      ib += k * s.sb[d];
    }
    out[i] = binop(op, a[ia], b[ib]);
  }
}

// binary_f32 when both operands have out's shape (no index arithmetic)
extern "C" __global__ void binary_same_f32(int op, const float* a, const float* b, float* out, long long n) {
  LOOP(n) out[i] = binop(op, a[i], b[i]);
}

extern "C" __global__ void unary_f32(int op, const float* x, float* out, long long n) {
  LOOP(n) {
    float v = x[i], r;
    switch (op) {
      case 0: r = -v; break;
      case 1: r = fabsf(v); break;
      case 2: r = (float) exp((double) v); break;
      case 3: r = (float) log((double) v); break;
      case 4: r = (float) sqrt((double) v); break;
      case 5: r = (float) tanh((double) v); break;
      case 6: r = (float) (1.0 / (1.0 + exp(-(double) v))); break;
      case 7: r = v != v ? v : (v > 0.f ? v : 0.f); break;                      // RELU: Math.max(x, 0f)
      case 8: r = v != v ? v : (v > 0.f ? 1.f : v < 0.f ? -1.f : 0.f); break;   // SIGN
      case 9: r = v != v ? v : (v > 0.f ? 1.f : 0.f); break;                    // STEP
      case 10: r = v * v; break;
      default: r = 1.f / v; break;
    }
    out[i] = r;
  }
}

extern "C" __global__ void clamp_f32(const float* x, float lo, float hi, float* out, long long n) {
  LOOP(n) { float v = x[i]; out[i] = v != v ? v : fminf(fmaxf(v, lo), hi); }
}

__device__ float act(int a, float v, float slope) {
  switch (a) {
    case 0: return v;
    case 1: return v != v ? v : (v > 0.f ? v : 0.f);
    case 2: return v > 0.f ? v : slope * v;
    case 3: return (float) tanh((double) v);
    default: return (float) (1.0 / (1.0 + exp(-(double) v)));
  }
}

// y[r][j] = act(y[r][j] + bias[j]) in place; bias may be null
extern "C" __global__ void bias_act_f32(int a, float* y, const float* bias, long long n, int cols, float slope) {
  LOOP(n) { float v = y[i]; if (bias) v = v + bias[i % cols]; y[i] = act(a, v, slope); }
}

extern "C" __global__ void act_back_f32(int a, const float* g, const float* y, float* out, long long n, float slope) {
  LOOP(n) {
    float v = y[i], d;
    switch (a) {
      case 0: out[i] = g[i]; continue;
      case 1: d = v > 0.f ? 1.f : 0.f; break;
      case 2: d = v > 0.f ? 1.f : v < 0.f ? slope : 0.f; break;
      case 3: d = 1.f - v * v; break;
      default: d = v * (1.f - v); break;
    }
    out[i] = g[i] * d;
  }
}

// out[o*inner + i] = reduce_j x[(o*r + j)*inner + i], j in order (as the Java kernel for inner > 1)
extern "C" __global__ void reduce_f32(int op, const float* x, float* out, int outer, int r, int inner) {
  LOOP((long long) outer * inner) {
    long long o = i / inner, k = i % inner, base = o * r * inner + k;
    float acc = op == 0 ? 0.f : x[base];
    for (int j = op == 0 ? 0 : 1; j < r; j++) {
      float v = x[base + (long long) j * inner];
      acc = op == 0 ? acc + v : op == 1 ? ((acc != acc || v != v) ? __int_as_float(0x7fc00000) : fmaxf(acc, v))
                                         : ((acc != acc || v != v) ? __int_as_float(0x7fc00000) : fminf(acc, v));
    }
    out[i] = acc;
  }
}

extern "C" __global__ void arg_reduce_f32(int max, const float* x, int* out, int outer, int r, int inner) {
  LOOP((long long) outer * inner) {
    long long o = i / inner, k = i % inner, base = o * r * inner + k;
    int best = 0;
    float bv = x[base];
    for (int j = 1; j < r && bv == bv; j++) {
      float v = x[base + (long long) j * inner];
      if (v != v || (max ? v > bv : v < bv)) { best = j; bv = v; }
    }
    out[i] = best;
  }
}

// *bad (zeroed before) becomes 1 if some element is NaN or infinite
extern "C" __global__ void all_finite_f32(const float* x, long long n, int* bad) {
  LOOP(n) if (!isfinite(x[i])) *bad = 1;
}

// one thread per row, in double as the Java kernel: lse = max + log(sum exp(z - max))
extern "C" __global__ void ce_rows_f32(const float* z, const int* y, double* lse, double* rowLoss, int n, int c) {
  LOOP(n) {
    const float* row = z + i * (long long) c;
    double mx = -__longlong_as_double(0x7ff0000000000000LL);  // no math.h under NVRTC: no INFINITY
    for (int j = 0; j < c; j++) mx = (row[j] != row[j] || mx != mx) ? __longlong_as_double(0x7ff8000000000000LL) : fmax(mx, (double) row[j]);
    double l;
    if (isinf(mx)) l = mx;
    else { double s = 0; for (int j = 0; j < c; j++) s += exp(row[j] - mx); l = mx + log(s); }
    lse[i] = l;
    rowLoss[i] = l - row[y[i]];
  }
}

extern "C" __global__ void ce_grad_f32(const float* z, const int* y, const double* lse, double scale, float* out, int n, int c) {
  LOOP((long long) n * c) {
    long long r = i / c; int j = (int) (i % c);
    out[i] = (float) ((exp(z[i] - lse[r]) - (j == y[r] ? 1 : 0)) * scale);
  }
}

// out[i] = x[map[i]] for 4- and 8-byte elements
extern "C" __global__ void take_b4(const unsigned int* x, const int* map, unsigned int* out, long long n) { LOOP(n) out[i] = x[map[i]]; }
extern "C" __global__ void take_b8(const unsigned long long* x, const int* map, unsigned long long* out, long long n) { LOOP(n) out[i] = x[map[i]]; }

// out[r][:] = bias, before a GEMM that adds into it (beta = 1): the bias is each sum's starting value
extern "C" __global__ void rows_f32(const float* bias, float* out, long long n, int cols) { LOOP(n) out[i] = bias[i % cols]; }

// Adam (AMSGrad when vMax is not null), one kernel per parameter, as OptimF32.adam's scalar loop
extern "C" __global__ void adam_f32(float* theta, const float* g, float* m, float* v, float* vMax, long long n,
                                    float beta1, float omb1, float beta2, float omb2, float stepSize, float bc2Sqrt, float eps) {
  LOOP(n) {
    float gi = g[i];
    float mi = m[i] * beta1 + omb1 * gi;
    float vi = v[i] * beta2 + omb2 * gi * gi;
    m[i] = mi; v[i] = vi;
    float second = vi;
    if (vMax) { float mx = fmaxf(vMax[i], vi); vMax[i] = mx; second = mx; }
    float denom = sqrtf(second) / bc2Sqrt + eps;
    theta[i] = theta[i] - stepSize * (mi / denom);
  }
}

extern "C" __global__ void sgd_f32(float* theta, const float* g, float lr, long long n) { LOOP(n) theta[i] = theta[i] - lr * g[i]; }

extern "C" __global__ void zero_non_finite_f32(float* x, long long n) { LOOP(n) if (!isfinite(x[i])) x[i] = 0.f; }

// whole slices of x along an axis: out[o][r][j] = x[o][idx[r]][j] (the batch fetch: rows of the data set)
extern "C" __global__ void select_b4(const unsigned int* x, const int* idx, unsigned int* out, long long n, int picks, int size, int inner) {
  LOOP(n) {
    long long r = i / inner, j = i % inner, o = r / picks;
    out[i] = x[(o * size + idx[r % picks]) * inner + j];
  }
}
extern "C" __global__ void select_b8(const unsigned long long* x, const int* idx, unsigned long long* out, long long n, int picks, int size, int inner) {
  LOOP(n) {
    long long r = i / inner, j = i % inner, o = r / picks;
    out[i] = x[(o * size + idx[r % picks]) * inner + j];
  }
}

// first pass of a long reduction: partial[o][c][k] = reduce of rows [c*chunk, min(r, (c+1)*chunk)) in order;
// reduce_f32 over the chunks finishes it (MAX/MIN give the same result; SUM adds in another fixed order)
extern "C" __global__ void reduce_chunks_f32(int op, const float* x, float* partial, int outer, int r, int inner, int chunk) {
  int chunks = (r + chunk - 1) / chunk;
  LOOP((long long) outer * chunks * inner) {
    long long k = i % inner, rest = i / inner, c = rest % chunks, o = rest / chunks;
    long long base = o * r * inner + k;
    int from = (int) c * chunk, to = min(r, from + chunk);
    float acc = op == 0 ? 0.f : x[base + (long long) from * inner];
    for (int j = op == 0 ? from : from + 1; j < to; j++) {
      float v = x[base + (long long) j * inner];
      acc = op == 0 ? acc + v : op == 1 ? ((acc != acc || v != v) ? __int_as_float(0x7fc00000) : fmaxf(acc, v))
                                         : ((acc != acc || v != v) ? __int_as_float(0x7fc00000) : fminf(acc, v));
    }
    partial[i] = acc;
  }
}
