package dev.herald.channel.core.provider;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Optional;
import java.util.Set;

/**
 * Classifies a send that got no HTTP answer at all, the same way for every provider: a timeout, a refused or
 * unroutable connection, an unknown host or any other I/O failure may pass, so each is a transient failure. SDKs wrap
 * the I/O failure in their own exceptions, so the cause chain is searched for the first {@link IOException}.
 *
 * <p>The first I/O failure in the chain decides the code: {@link InterruptedIOException} (socket and connect
 * timeouts) and {@link HttpTimeoutException} are {@value #TIMEOUT}; {@link ConnectException} and
 * {@link NoRouteToHostException} are {@value #CONNECT_ERROR}; {@link UnknownHostException} is {@value #UNKNOWN_HOST};
 * any other {@link IOException} (a reset connection, a broken TLS handshake) is {@value #IO_ERROR}.
 */
public final class TransportFailures {

    public static final String TIMEOUT = "timeout";
    public static final String CONNECT_ERROR = "connect_error";
    public static final String UNKNOWN_HOST = "unknown_host";
    public static final String IO_ERROR = "io_error";

    private TransportFailures() {
    }

    /**
     * The transient failure of a request that {@code failure} kept from getting an answer, with the I/O failure's
     * type and message as the reason ({@code SocketTimeoutException: Read timed out}); empty when there is no
     * {@link IOException} in its cause chain, so the adapter classifies it by its own rules.
     */
    public static Optional<SendOutcome.TransientFailure> classify(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable cause = failure; cause != null && seen.add(cause); cause = cause.getCause()) {
            if (cause instanceof IOException io) {
                return Optional.of(new SendOutcome.TransientFailure(code(io), io.getClass().getSimpleName()
                        + (io.getMessage() == null ? "" : ": " + io.getMessage())));
            }
        }
        return Optional.empty();
    }

    private static String code(IOException failure) {
        return switch (failure) {
            case InterruptedIOException timeout -> TIMEOUT;
            case HttpTimeoutException timeout -> TIMEOUT;
            case ConnectException refused -> CONNECT_ERROR;
            case NoRouteToHostException unroutable -> CONNECT_ERROR;
            case UnknownHostException unknown -> UNKNOWN_HOST;
            default -> IO_ERROR;
        };
    }
}
