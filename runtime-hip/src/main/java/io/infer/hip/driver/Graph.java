package io.infer.hip.driver;

/** Work recorded by stream capture; instantiate it to launch it. */
public interface Graph extends AutoCloseable {

    GraphExec instantiate();

    @Override
    void close();
}
