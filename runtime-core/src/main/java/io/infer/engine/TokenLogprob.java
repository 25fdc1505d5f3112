package io.infer.engine;

/**
 * Log-probability of a generated token and the most likely alternatives at its position, taken from the model's
 * raw distribution (log-softmax of the logits before penalties, temperature and truncation), as llama-server's
 * OpenAI-compatible {@code logprobs} does.
 *
 * @param topTokens   the {@code topLogprobs} most likely token ids, most likely first
 * @param topLogprobs their log-probabilities
 */
public record TokenLogprob(int token, float logprob, int[] topTokens, float[] topLogprobs) {
}
