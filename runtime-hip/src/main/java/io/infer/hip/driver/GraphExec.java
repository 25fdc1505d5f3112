package io.infer.hip.driver;

/** An instantiated graph: the recorded kernels, copies and their arguments, replayed by one launch. */
public interface GraphExec extends AutoCloseable {

    void launch(Stream s);

    @Override
    void close();
}
