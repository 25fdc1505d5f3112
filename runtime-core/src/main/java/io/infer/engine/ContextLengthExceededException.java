package io.infer.engine;

/** The prompt plus the requested completion does not fit the context of a slot. */
public final class ContextLengthExceededException extends RuntimeException {

    private final int promptTokens;
    private final int maxTokens;
    private final int contextLength;

    public ContextLengthExceededException(int promptTokens, int maxTokens, int contextLength) {
        super("This model's maximum context length is " + contextLength + " tokens. However, you requested "
                + ((long) promptTokens + Math.max(0, maxTokens)) + " tokens (" + promptTokens + " in the prompt, "
                + Math.max(0, maxTokens) + " for the completion). Please reduce the prompt or the completion length.");
        this.promptTokens = promptTokens;
        this.maxTokens = maxTokens;
        this.contextLength = contextLength;
    }

    public int promptTokens() {
        return promptTokens;
    }

    /** The completion length asked for; negative when none was given (then the prompt alone did not fit). */
    public int maxTokens() {
        return maxTokens;
    }

    public int contextLength() {
        return contextLength;
    }
}
