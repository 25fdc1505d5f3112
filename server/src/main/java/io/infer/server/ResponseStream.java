package io.infer.server;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A streamed response: SSE ({@code data: <json>\n\n} ... {@code data: [DONE]\n\n}) or NDJSON (one object per
 * line). Every event is flushed at once; a failed write means the client is gone.
 */
final class ResponseStream {

    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENT_END = "\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PING = ": ping\n\n".getBytes(StandardCharsets.US_ASCII);

    private final ServletOutputStream out;
    private final boolean sse;

    private ResponseStream(ServletOutputStream out, boolean sse) {
        this.out = out;
        this.sse = sse;
    }

    static ResponseStream sse(HttpServletResponse res) throws IOException {
        return open(res, "text/event-stream; charset=utf-8", true);
    }

    static ResponseStream ndjson(HttpServletResponse res) throws IOException {
        return open(res, "application/x-ndjson", false);
    }

    private static ResponseStream open(HttpServletResponse res, String contentType, boolean sse) throws IOException {
        res.setStatus(200);
        res.setContentType(contentType);
        res.setHeader("Cache-Control", "no-cache");
        res.setHeader("X-Accel-Buffering", "no");
        ServletOutputStream out = res.getOutputStream();
        res.flushBuffer();
        return new ResponseStream(out, sse);
    }

    void send(JsonNode event) throws IOException {
        byte[] json = Json.bytes(event);
        if (sse) {
            out.write(DATA);
            out.write(json);
            out.write(EVENT_END);
        } else {
            out.write(json);
            out.write('\n');
        }
        out.flush();
    }

    /** SSE only: the end marker. */
    void done() throws IOException {
        if (sse) {
            out.write(DONE);
            out.flush();
        }
    }

    /** SSE only: a comment line, which keeps proxies from timing out and lets a write notice a gone client. */
    void ping() throws IOException {
        if (sse) {
            out.write(PING);
            out.flush();
        }
    }

    boolean isSse() {
        return sse;
    }
}
