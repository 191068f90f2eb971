package dev.herald.tracker.repository;

import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;

import java.net.ConnectException;

/** Database failures worth retrying the whole transaction for, as opposed to ones a retry would only repeat. */
public final class TransientFailures {

    private TransientFailures() {
    }

    public static boolean isTransient(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof PgException pg && pg.getSqlState() != null) {
                String state = pg.getSqlState();
                // 40001 serialization failure, 40P01 deadlock, 57P01..03 server shutting down or restarting
                return state.equals("40001") || state.equals("40P01") || state.startsWith("57P");
            }
            if (cause instanceof ClosedConnectionException || cause instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }
}
