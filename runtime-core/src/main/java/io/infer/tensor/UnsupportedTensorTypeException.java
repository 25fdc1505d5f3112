package io.infer.tensor;

import java.util.Arrays;
import java.util.stream.Collectors;

/** A tensor whose element type infer cannot compute with. The message names the tensor, its type and what is supported. */
public class UnsupportedTensorTypeException extends IllegalArgumentException {
    private final String tensorName;
    private final GgmlType type;

    public UnsupportedTensorTypeException(String tensorName, GgmlType type) {
        super("tensor " + (tensorName == null ? "(unnamed)" : "'" + tensorName + "'") + " has type " + type
                + ", which infer cannot dequantize or multiply (supported: " + supportedList() + ")");
        this.tensorName = tensorName;
        this.type = type;
    }

    /** The tensor's name, or null when the data did not come from a named tensor. */
    public String tensorName() {
        return tensorName;
    }

    public GgmlType type() {
        return type;
    }

    private static String supportedList() {
        return Arrays.stream(GgmlType.values()).filter(GgmlType::supported).map(Enum::name).collect(Collectors.joining(", "));
    }
}
