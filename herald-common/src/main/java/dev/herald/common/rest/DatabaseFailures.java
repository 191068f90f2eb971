package dev.herald.common.rest;

import java.net.ConnectException;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Tells a database that cannot be reached (refused or dropped connections, a server shutting down, starting up or out
 * of connection slots) from a bug, so that it is answered {@code 503} like an unreachable broker. By class name and
 * SQLSTATE, so this module needs no SQL client of its own.
 */
final class DatabaseFailures {

    private static final Set<String> CONNECTION_FAILURES = Set.of(
            "io.vertx.sqlclient.ClosedConnectionException",
            "io.netty.channel.ConnectTimeoutException");
    /**
     * SQLSTATE class 08 (connection exception), 53300 (too many connections) and 57P01-57P03 (admin shutdown, crash
     * shutdown, cannot connect now).
     */
    private static final Pattern UNAVAILABLE_STATE = Pattern.compile("\\((08[0-9A-Z]{3}|53300|57P0[123])\\)");

    private DatabaseFailures() {
    }

    static boolean unreachable(Throwable failure) {
        return Failures.any(failure, DatabaseFailures::isUnreachable);
    }

    private static boolean isUnreachable(Throwable cause) {
        String name = cause.getClass().getName();
        if (cause instanceof ConnectException || CONNECTION_FAILURES.contains(name)) {
            return true;
        }
        return name.equals("io.vertx.pgclient.PgException")
                && UNAVAILABLE_STATE.matcher(String.valueOf(cause.getMessage())).find();
    }
}
