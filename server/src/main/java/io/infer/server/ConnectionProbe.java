package io.infer.server;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.eclipse.jetty.server.HttpConnection;
import org.eclipse.jetty.server.Request;

/**
 * Notices a client that went away while nothing is being written to it (queued, reading a long prompt, or
 * waiting for a non-streamed answer), so its generation can be cancelled and its slot freed. A plain HTTP/1.1
 * client sends nothing while it waits for the response, so a non-blocking read on its socket returns 0; -1
 * (or an error) means it closed the connection. Works on Jetty's plain socket connections; elsewhere it never
 * reports a disconnect and writes detect it instead.
 */
final class ConnectionProbe {

    private final EndPoint endPoint;
    private final HttpServletResponse response;
    private final ByteBuffer scratch = ByteBuffer.allocate(1);
    private boolean gone;
    private boolean disabled;

    private ConnectionProbe(EndPoint endPoint, HttpServletResponse response) {
        this.endPoint = endPoint;
        this.response = response;
        this.disabled = endPoint == null;
    }

    static ConnectionProbe of(HttpServletRequest req, HttpServletResponse res) {
        try {
            Request base = Request.getBaseRequest(req);
            if (base != null && base.getHttpChannel() != null
                    && base.getHttpChannel().getConnection() instanceof HttpConnection
                    && base.getHttpChannel().getEndPoint() instanceof SocketChannelEndPoint ep) {
                return new ConnectionProbe(ep, res);
            }
        } catch (RuntimeException | LinkageError ignored) {
            // another server underneath: rely on writes
        }
        return new ConnectionProbe(null, res);
    }

    /** True once the client has closed the connection. */
    boolean clientGone() {
        if (gone) {
            return true;
        }
        if (disabled) {
            return false;
        }
        try {
            if (!endPoint.isOpen()) {
                gone = true;
                return true;
            }
            scratch.clear();
            scratch.flip(); // Jetty's fill appends after the limit: start empty
            int n = endPoint.fill(scratch);
            if (n < 0) {
                gone = true;
            } else if (n > 0) {
                // A pipelined request: we ate part of it, so this connection cannot carry it. Close after this
                // response (clients retry unanswered pipelined requests) and stop probing.
                disabled = true;
                if (!response.isCommitted()) {
                    response.setHeader("Connection", "close");
                }
            }
        } catch (IOException e) {
            gone = true;
        }
        return gone;
    }
}
