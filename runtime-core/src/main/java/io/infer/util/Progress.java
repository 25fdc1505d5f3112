package io.infer.util;

/** Reports progress of long work (loading, uploading, writing a model); the CLI draws it as a bar on stderr. */
public interface Progress {

    Progress NONE = new Progress() {
        @Override
        public void start(String what, long total) {
        }

        @Override
        public void update(long done) {
        }

        @Override
        public void finish() {
        }
    };

    void start(String what, long total);

    void update(long done);

    void finish();
}
