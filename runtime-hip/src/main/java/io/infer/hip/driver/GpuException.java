package io.infer.hip.driver;

/**
 * A driver call returned a failing status: "cuLaunchKernel failed: CUDA_ERROR_INVALID_VALUE (invalid argument)".
 * The name and description come from the driver itself ({@code cuGetErrorName} / {@code hipGetErrorName}).
 */
public final class GpuException extends RuntimeException {

    @java.io.Serial
    private static final long serialVersionUID = 1L;

    private final String call;
    private final int status;
    private final String errorName;
    private final String errorString;

    /**
     * @param call the driver function that failed
     * @param status its return code
     * @param errorName the driver's name for the code, or null when it has none
     * @param errorString the driver's description of the code, or null
     */
    public GpuException(String call, int status, String errorName, String errorString) {
        super(call + " failed: " + reason(status, errorName, errorString));
        this.call = call;
        this.status = status;
        this.errorName = errorName;
        this.errorString = errorString;
    }

    /** "CUDA_ERROR_INVALID_VALUE (invalid argument)"; the description is left out when it only repeats the name. */
    static String reason(int status, String errorName, String errorString) {
        String name = errorName == null || errorName.isBlank() ? "error " + status : errorName;
        boolean describes = errorString != null && !errorString.isBlank() && !errorString.equals(errorName);
        return describes ? name + " (" + errorString + ")" : name;
    }

    /** The driver function that failed ("cuLaunchKernel"). */
    public String call() {
        return call;
    }

    /** The status it returned ({@code CUresult} / {@code hipError_t}). */
    public int status() {
        return status;
    }

    /** The driver's name for the status ("CUDA_ERROR_INVALID_VALUE"), or null. */
    public String errorName() {
        return errorName;
    }

    /** The driver's description of the status ("invalid argument"), or null. */
    public String errorString() {
        return errorString;
    }

    /** The message without the call: "CUDA_ERROR_INVALID_VALUE (invalid argument)". */
    public String reason() {
        return reason(status, errorName, errorString);
    }
}
