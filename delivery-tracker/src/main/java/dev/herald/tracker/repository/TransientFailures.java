package dev.herald.tracker.repository;

import io.vertx.pgclient.PgException;
import io.vertx.core.impl.NoStackTraceTimeoutException;
import io.vertx.sqlclient.ClosedConnectionException;

import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

/** Database failures worth retrying the whole transaction for, as opposed to ones a retry would only repeat. */
public final class TransientFailures {

    private TransientFailures() {
    }

    public static boolean isTransient(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof PgException pg && pg.getSqlState() != null) {
                String state = pg.getSqlState();
                // 40001 serialization failure, 40P01 deadlock, 57P01..03 server shutting down or restarting,
                // 08xxx connection exceptions, 53xxx insufficient resources (too many connections, out of memory)
                return state.equals("40001") || state.equals("40P01") || state.startsWith("57P")
                        || state.startsWith("08") || state.startsWith("53");
            }
            if (cause instanceof ClosedConnectionException || cause instanceof ConnectException
                    || cause instanceof TimeoutException || cause instanceof NoStackTraceTimeoutException) {
                // the server went away, refused us, or the pool could not get a connection in time
                return true;
            }
        }
        return false;
    }
}
