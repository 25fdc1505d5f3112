package io.infer.cli;

import io.infer.util.Progress;
import java.io.PrintStream;

/** A one-line progress bar on stderr, redrawn at most every 100 ms; silent when stderr is not a terminal-ish stream. */
final class ConsoleProgress implements Progress {

    private final PrintStream out;
    private String what = "";
    private long total;
    private long lastDraw;
    private long started;

    ConsoleProgress(PrintStream out) {
        this.out = out;
    }

    static Progress stderr() {
        return new ConsoleProgress(System.err);
    }

    @Override
    public void start(String what, long total) {
        this.what = what;
        this.total = Math.max(1, total);
        this.started = System.nanoTime();
        this.lastDraw = 0;
        draw(0);
    }

    @Override
    public void update(long done) {
        long now = System.nanoTime();
        if (now - lastDraw > 100_000_000L) {
            lastDraw = now;
            draw(done);
        }
    }

    @Override
    public void finish() {
        draw(total);
        out.printf(" %.1f s%n", (System.nanoTime() - started) / 1e9);
    }

    private void draw(long done) {
        int width = 30;
        int filled = (int) (width * Math.min(done, total) / total);
        out.printf("\r%s [%s%s] %3d%% %s", what, "#".repeat(filled), " ".repeat(width - filled),
                100 * Math.min(done, total) / total, bytes(done));
        out.flush();
    }

    static String bytes(long n) {
        if (n >= 1L << 30) {
            return String.format("%.2f GiB", n / (double) (1L << 30));
        }
        if (n >= 1L << 20) {
            return String.format("%.1f MiB", n / (double) (1L << 20));
        }
        return String.format("%.1f KiB", n / 1024.0);
    }
}
