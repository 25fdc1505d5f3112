// topk.hip — the k largest values of each row with their indices (most likely first, the lower index first among
// equal keys: exactly the candidates and order of the host Sampler's top-k), so sampling with top-k copies back k
// pairs a row instead of the vocabulary. k <= TOPK_MAX. Values are compared by order-preserving 32-bit keys.
//
// Six short launches of four kernels, so that no block walks a long chain of dependent steps (one block running a
// radix select over a 150k row took 80+ us on H100, slices of it merged by one warp 76 us; these six 15 us):
//   infer_topk_hist_f32, grid (TOPK_SLICES, count), block TOPK_THREADS: a histogram of 11 bits of the keys (TOPK_BINS
//     bins), per slice in shared memory, added into the row's histogram in global memory; level 0 the top 11 bits,
//     level 1 the next 11 of the keys in the bin level 0 picked;
//   infer_topk_pick_f32, grid (count), block TOPK_PICK_THREADS: the bin that holds the k-th largest key (a scan from
//     the top), and the histogram back to zero; after level 1 the boundary bin B is 22 bits of key;
//   infer_topk_gather_f32, grid (TOPK_SLICES, count), block TOPK_THREADS: the keys above bin B (fewer than k) and
//     those in B (up to TOPK_BOUNDARY) into two lists;
//   infer_topk_final_f32, grid (count), block TOPK_PICK_THREADS: the best k - |above| of bin B by rank, then all k
//     ranked. A bin B of more than TOPK_BOUNDARY keys (rows of many equal values) takes an exact radix select over
//     the whole row in this one block instead: correct, slow.
#include "compat.h"

#define TOPK_MAX 64
#define TOPK_SLICES 64
#define TOPK_THREADS 256
#define TOPK_PICK_THREADS 1024
#define TOPK_BINS 2048  // the keys' top 11 bits: sign, exponent, 2 bits of mantissa
#define TOPK_BOUNDARY 4096

struct TopKParams {
    const float* x;     // [count][cols]
    unsigned* hist;     // [count][TOPK_BINS], zero before the launches (and left zero after them)
    unsigned* state;    // [count][4]: bin B, keys gathered above it and in it, the k-th key's rank in B
    u32x2* above;       // [count][TOPK_MAX] (key, index) above bin B, in any order
    u32x2* boundary;    // [count][TOPK_BOUNDARY] (key, index) in bin B, in any order
    float* vals;        // [count][k], largest first
    int* ids;           // [count][k]
    int cols, count, k;
    int level;          // hist and pick: 0, then 1
};

// Larger floats get larger keys; NaN counts as -inf and -0 below +0, as in Sampler.key. No value has key 0.
INFER_DEVICE unsigned topk_key(float f) {
    const unsigned u = f == f ? __builtin_bit_cast(unsigned, f) : 0xff800000u;
    return (u & 0x80000000u) ? ~u : (u | 0x80000000u);
}

INFER_DEVICE u32x2 topk_pair(unsigned key, unsigned id) {
    u32x2 v;
    v.x = key;
    v.y = id;
    return v;
}

// Whether candidate (ka, ia) goes before (kb, ib): larger key, then lower index.
INFER_DEVICE bool topk_before(unsigned ka, int ia, unsigned kb, int ib) { return ka > kb || (ka == kb && ia < ib); }

// hist[bin] += 1 for each lane with `active`: lanes with equal bins add once together (the first radix pass sees
// few distinct bins, and same-address shared atomics serialize).
INFER_DEVICE void topk_count(unsigned* hist, unsigned bin, bool active) {
    unsigned pending = warp_ballot(active);
    while (pending) {
        const int leader = lowest_lane(pending);
        const unsigned lb = (unsigned) shfl((int) bin, leader);
        const unsigned same = warp_ballot(active && bin == lb);
        if (lane_id() == leader) atomic_add_shared(&hist[lb], (unsigned) popcount(same));
        if (bin == lb) active = false;
        pending &= ~same;
    }
}

// Exclusive prefix sum over the block's THREADS threads; total gets the sum. Every thread calls it.
template <int THREADS>
INFER_DEVICE unsigned topk_scan(unsigned v, unsigned* warpSums, unsigned* total) {
    const int lane = lane_id(), warp = thread_x() / INFER_WARP_SIZE;
    unsigned inc = v;
#pragma unroll
    for (int d = 1; d < INFER_WARP_SIZE; d <<= 1) {
        const unsigned o = (unsigned) shfl((int) inc, lane >= d ? lane - d : lane);
        if (lane >= d) inc += o;
    }
    if (lane == INFER_WARP_SIZE - 1) warpSums[warp] = inc;
    sync_block();
    if (warp == 0) {
        constexpr int WARPS = THREADS / INFER_WARP_SIZE;
        const unsigned w = lane < WARPS ? warpSums[lane] : 0u;
        unsigned wi = w;
#pragma unroll
        for (int d = 1; d < INFER_WARP_SIZE; d <<= 1) {
            const unsigned o = (unsigned) shfl((int) wi, lane >= d ? lane - d : lane);
            if (lane >= d) wi += o;
        }
        if (lane < WARPS) warpSums[lane] = wi - w;
        if (lane == INFER_WARP_SIZE - 1) *total = wi;
    }
    sync_block();
    const unsigned r = warpSums[warp] + inc - v;
    sync_block();  // warpSums is reused by the next scan
    return r;
}

// The exact top k of x[0 .. cols) into ck / ci (unordered) by one block of THREADS threads: a radix select, 8 bits a
// pass, over keys read from global memory (each pass re-reads the row), then the keys above the k-th largest key T
// and the lowest-index keys equal to T.
template <int THREADS>
INFER_DEVICE void topk_exact(const float* x, int cols, int k, unsigned* ck, int* ci) {
    __shared__ unsigned hist[256];
    __shared__ unsigned warpSums[THREADS / INFER_WARP_SIZE];
    __shared__ unsigned sPrefix, sRemaining, sTies, sAbove, sFilled, sTotal;
    const int t = thread_x(), lane = lane_id();

    // the k-th largest key, 8 bits at a time from the top
    unsigned prefix = 0, mask = 0;
    if (t == 0) sRemaining = (unsigned) k;
    for (int shift = 24; shift >= 0; shift -= 8) {
        if (t < 256) hist[t] = 0;
        sync_block();
        const unsigned remaining = sRemaining;  // the rank of T among the keys with this prefix
        for (int i0 = 0; i0 < cols; i0 += THREADS) {
            const int i = i0 + t;
            const unsigned key = i < cols ? topk_key(x[i]) : 0u;
            topk_count(hist, (key >> shift) & 255u, i < cols && (key & mask) == prefix);
        }
        sync_block();
        if (t < INFER_WARP_SIZE) {
            // lane l holds bins 8l .. 8l + 7; above = the keys in the bins of higher lanes (a scan from the top)
            unsigned s = 0;
#pragma unroll
            for (int b = 0; b < 8; b++) s += hist[8 * lane + b];
            unsigned incl = s;
#pragma unroll
            for (int d = 1; d < INFER_WARP_SIZE; d <<= 1) {
                const unsigned o = (unsigned) shfl((int) incl, lane + d < INFER_WARP_SIZE ? lane + d : lane);
                if (lane + d < INFER_WARP_SIZE) incl += o;
            }
            const unsigned above = incl - s;
            if (above < remaining && remaining <= above + s) {
                unsigned c = above;
                for (int b = 7; b >= 0; b--) {
                    const unsigned h = hist[8 * lane + b];
                    if (remaining <= c + h) {
                        sPrefix = prefix | ((unsigned) (8 * lane + b) << shift);
                        sRemaining = remaining - c;
                        sTies = h;  // at the last pass: the keys equal to T
                        break;
                    }
                    c += h;
                }
            }
        }
        sync_block();
        prefix = sPrefix;
        mask |= 255u << shift;
    }
    const unsigned T = prefix, take = sRemaining, ties = sTies;  // take of the ties join the k - take keys above T

    // the keys above T, in any order; the ties too when all of them are taken
    if (t == 0) {
        sAbove = 0;
        sFilled = 0;
    }
    sync_block();
    for (int i = t; i < cols; i += THREADS) {
        const unsigned key = topk_key(x[i]);
        if (key > T || (key == T && take == ties)) {
            const unsigned at = atomic_add_shared(&sAbove, 1u);
            ck[at] = key;
            ci[at] = i;
        }
    }
    sync_block();
    if (take < ties) {
        // only some of the equal keys: the lowest indices, in tiles of consecutive indices until enough are in
        const unsigned base = (unsigned) k - take;
        for (int i0 = 0; i0 < cols; i0 += THREADS) {
            const int i = i0 + t;
            const unsigned tie = i < cols && topk_key(x[i]) == T ? 1u : 0u;
            const unsigned before = topk_scan<THREADS>(tie, warpSums, &sTotal);
            const unsigned filled = sFilled;
            if (tie && filled + before < take) {
                ck[base + filled + before] = T;
                ci[base + filled + before] = i;
            }
            sync_block();
            if (t == 0) sFilled = filled + sTotal;
            sync_block();
            if (sFilled >= take) break;
        }
    }
    sync_block();
}

INFER_KERNEL INFER_LAUNCH_BOUNDS(TOPK_THREADS) void infer_topk_hist_f32(TopKParams p) {
    __shared__ unsigned h[TOPK_BINS];
    const int slice = block_x(), row = block_y(), t = thread_x();
    const int per = (p.cols + TOPK_SLICES - 1) / TOPK_SLICES;
    const int lo = slice * per < p.cols ? slice * per : p.cols, hi = lo + per < p.cols ? lo + per : p.cols;
    const float* x = p.x + (long) row * p.cols;
    for (int b = t; b < TOPK_BINS; b += TOPK_THREADS) h[b] = 0;
    sync_block();
    if (p.level == 0) {
#pragma unroll 4
        for (int i = lo + t; i < hi; i += TOPK_THREADS) atomic_add_shared(&h[topk_key(x[i]) >> 21], 1u);
    } else {
        const unsigned top = p.state[4L * row];  // level 0's bin
#pragma unroll 4
        for (int i = lo + t; i < hi; i += TOPK_THREADS) {
            const unsigned key = topk_key(x[i]);
            if (key >> 21 == top) atomic_add_shared(&h[(key >> 10) & (TOPK_BINS - 1)], 1u);
        }
    }
    sync_block();
    for (int b = t; b < TOPK_BINS; b += TOPK_THREADS)
        if (h[b]) atomic_add(p.hist + (long) row * TOPK_BINS + b, h[b]);
}

INFER_KERNEL INFER_LAUNCH_BOUNDS(TOPK_PICK_THREADS) void infer_topk_pick_f32(TopKParams p) {
    static_assert(TOPK_BINS == 2 * TOPK_PICK_THREADS, "two bins a thread");
    __shared__ unsigned warpSums[TOPK_PICK_THREADS / INFER_WARP_SIZE];
    __shared__ unsigned total;
    const int row = block_x(), t = thread_x();
    unsigned* hist = p.hist + (long) row * TOPK_BINS;
    // thread t holds bins b0 > b1, counted from the top
    const int b0 = TOPK_BINS - 1 - 2 * t, b1 = b0 - 1;
    const unsigned h0 = hist[b0], h1 = hist[b1];
    hist[b0] = 0;  // for the next step
    hist[b1] = 0;
    unsigned* st = p.state + 4L * row;
    // level 0: the k-th largest of all keys; level 1: the rank it has inside level 0's bin
    const unsigned k = p.level == 0 ? (unsigned) p.k : st[3];
    const unsigned top = st[0];
    const unsigned before = topk_scan<TOPK_PICK_THREADS>(h0 + h1, warpSums, &total);  // (its barriers order st)
    if (before < k && k <= before + h0 + h1) {
        const unsigned bin = k <= before + h0 ? (unsigned) b0 : (unsigned) b1;
        st[0] = p.level == 0 ? bin : top << 11 | bin;
        st[1] = 0;
        st[2] = 0;
        st[3] = k - (k <= before + h0 ? before : before + h0);
    }
}

INFER_KERNEL INFER_LAUNCH_BOUNDS(TOPK_THREADS) void infer_topk_gather_f32(TopKParams p) {
    const int slice = block_x(), row = block_y(), t = thread_x();
    const int per = (p.cols + TOPK_SLICES - 1) / TOPK_SLICES;
    const int lo = slice * per < p.cols ? slice * per : p.cols, hi = lo + per < p.cols ? lo + per : p.cols;
    const float* x = p.x + (long) row * p.cols;
    unsigned* st = p.state + 4L * row;
    const unsigned B = st[0];
    for (int i = lo + t; i < hi; i += TOPK_THREADS) {
        const unsigned key = topk_key(x[i]);
        const unsigned bin = key >> 10;  // the 22 bits the two levels picked
        if (bin > B) {
            p.above[(long) row * TOPK_MAX + atomic_add(st + 1, 1u)] = topk_pair(key, (unsigned) i);  // fewer than k
        } else if (bin == B) {
            const unsigned at = atomic_add(st + 2, 1u);
            if (at < TOPK_BOUNDARY) p.boundary[(long) row * TOPK_BOUNDARY + at] = topk_pair(key, (unsigned) i);
        }
    }
}

INFER_KERNEL INFER_LAUNCH_BOUNDS(TOPK_PICK_THREADS) void infer_topk_final_f32(TopKParams p) {
    __shared__ unsigned ck[TOPK_MAX], bk[TOPK_BOUNDARY];
    __shared__ int ci[TOPK_MAX], bi[TOPK_BOUNDARY];
    const int row = block_x(), t = thread_x(), k = p.k;
    const float* x = p.x + (long) row * p.cols;
    const unsigned* st = p.state + 4L * row;
    const int nAbove = (int) st[1], nBin = (int) st[2];
    if (nBin > TOPK_BOUNDARY) {
        topk_exact<TOPK_PICK_THREADS>(x, p.cols, k, ck, ci);
    } else {
        for (int j = t; j < nAbove; j += TOPK_PICK_THREADS) {
            const u32x2 e = p.above[(long) row * TOPK_MAX + j];
            ck[j] = e.x;
            ci[j] = (int) e.y;
        }
        for (int j = t; j < nBin; j += TOPK_PICK_THREADS) {
            const u32x2 e = p.boundary[(long) row * TOPK_BOUNDARY + j];
            bk[j] = e.x;
            bi[j] = (int) e.y;
        }
        sync_block();
        // the bin's best k - nAbove by rank among the bin (indices are distinct, so ranks are too)
        const int need = k - nAbove;
        for (int j = t; j < nBin; j += TOPK_PICK_THREADS) {
            const unsigned key = bk[j];
            const int id = bi[j];
            int rank = 0;
            for (int m = 0; m < nBin && rank < need; m++) rank += topk_before(bk[m], bi[m], key, id);
            if (rank < need) {
                ck[nAbove + rank] = key;
                ci[nAbove + rank] = id;
            }
        }
    }
    sync_block();
    // rank the k: larger key first, then lower index
    if (t < k) {
        const unsigned key = ck[t];
        const int id = ci[t];
        int rank = 0;
        for (int j = 0; j < k; j++) rank += topk_before(ck[j], ci[j], key, id);
        p.vals[(long) row * k + rank] = x[id];
        p.ids[(long) row * k + rank] = id;
    }
}
