package io.infer.kernels;

import java.util.List;

/**
 * The GPU code objects built by {@code kernels/build.sh} and packed as resources beside this class: one NVIDIA
 * fatbin (SASS for {@link #CUDA_ARCHS} plus PTX) and one AMD code object per {@link #AMD_ARCHS} target. Every image
 * holds every kernel of {@link #KERNELS}; the GPU backend loads the image for its device once. {@link #INDEX} lists the
 * files ("file infer.fatbin nvidia sm_80 sm_86 sm_89 sm_90 compute_80", "file infer-gfx1151.hsaco amd gfx1151") and
 * the kernels ("kernel infer_add_f32"); '#' starts a comment.
 */
public final class KernelImages {

    /** NVIDIA architectures with SASS in the fatbin; newer GPUs JIT-compile its PTX. */
    public static final List<String> CUDA_ARCHS = List.of("sm_80", "sm_86", "sm_89", "sm_90");
    /** The PTX target embedded in the fatbin. */
    public static final String CUDA_PTX_ARCH = "compute_80";
    /** AMD RDNA targets (wave32), one code object each. */
    public static final List<String> AMD_ARCHS =
            List.of("gfx1150", "gfx1151", "gfx1100", "gfx1101", "gfx1102", "gfx1200", "gfx1201");

    public static final String FATBIN = "infer.fatbin";
    public static final String INDEX = "index.txt";

    /** Every extern "C" entry point of src/all.hip, by family. The GPU forward pass looks kernels up by these names. */
    public static final List<String> KERNELS = List.of(
            "infer_quantize_q8_1_f32", "infer_swiglu_quantize_q8_1_f32",
            "infer_rmsnorm_f32", "infer_rmsnorm_q8_f32",
            "infer_matvec_q4_k", "infer_matvec_q6_k", "infer_matvec_q8_0",
            "infer_matvec_swiglu_q4_k", "infer_matvec_swiglu_q6_k", "infer_matvec_swiglu_q8_0", "infer_matvec_multi_q8_1",
            "infer_matvec1_q4_k", "infer_matvec1_q6_k", "infer_matvec1_q8_0",
            "infer_matvec1_norm_q4_k", "infer_matvec1_norm_q6_k", "infer_matvec1_norm_q8_0",
            "infer_matvec1_swiglu_q4_k", "infer_matvec1_swiglu_q6_k", "infer_matvec1_swiglu_q8_0", "infer_matvec1_multi_q8_1",
            "infer_gemm_q4_k", "infer_gemm_q6_k", "infer_gemm_q8_0",
            "infer_gemm_n32_q4_k", "infer_gemm_n32_q6_k", "infer_gemm_n32_q8_0", "infer_zero_f32",
            "infer_zero_many_f32",
            "infer_matvec_exact_f32", "infer_matvec_exact_f16", "infer_matvec_exact_bf16", "infer_matvec_exact_q8_0",
            "infer_matvec_exact_q4_0", "infer_matvec_exact_q4_k", "infer_matvec_exact_q6_k",
            "infer_embed_f32", "infer_embed_f16", "infer_embed_bf16", "infer_embed_q8_0", "infer_embed_q4_0",
            "infer_embed_q4_k", "infer_embed_q6_k",
            "infer_rope_neox_f32", "infer_qk_norm_rope_kv_f32",
            "infer_kv_write_f16",
            "infer_attention_hd32_f16", "infer_attention_hd64_f16", "infer_attention_hd128_f16",
            "infer_attention_hd256_f16", "infer_attention_combine_f32",
            "infer_attention_prompt_hd32_f16", "infer_attention_prompt_hd64_f16", "infer_attention_prompt_hd128_f16",
            "infer_attention_prompt_hd256_f16",
            "infer_attention_prompt_tc_hd32_f16", "infer_attention_prompt_tc_hd64_f16",
            "infer_attention_prompt_tc_hd128_f16",
            "infer_attention_decode_hd32_g1_f16", "infer_attention_decode_hd32_g2_f16",
            "infer_attention_decode_hd32_g4_f16", "infer_attention_decode_hd32_g8_f16",
            "infer_attention_decode_hd64_g1_f16", "infer_attention_decode_hd64_g2_f16",
            "infer_attention_decode_hd64_g4_f16", "infer_attention_decode_hd64_g8_f16",
            "infer_attention_decode_hd128_g1_f16", "infer_attention_decode_hd128_g2_f16",
            "infer_attention_decode_hd128_g4_f16", "infer_attention_decode_hd128_g8_f16",
            "infer_attention_decode_hd256_g1_f16", "infer_attention_decode_hd256_g2_f16",
            "infer_attention_decode_hd256_g4_f16",
            "infer_swiglu_f32", "infer_add_f32",
            "infer_argmax_f32", "infer_topk_hist_f32", "infer_topk_pick_f32",
            "infer_topk_gather_f32", "infer_topk_final_f32");

    private KernelImages() {
    }

    /** Resource file name of the code object for a device architecture ("sm_90", "gfx1151"). */
    public static String fileFor(String arch) {
        if (arch.startsWith("sm_")) {
            return FATBIN;
        }
        if (arch.startsWith("gfx")) {
            return "infer-" + arch + ".hsaco";
        }
        throw new IllegalArgumentException("not a GPU architecture: " + arch);
    }

}
