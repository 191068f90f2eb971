package dev.herald.tracker.repository;

import io.vertx.core.impl.NoStackTraceTimeoutException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TransientFailuresTest {

    @Test
    void anUnreachableOrRestartingDatabaseIsWorthWaitingFor() {
        assertTrue(TransientFailures.isTransient(new ConnectException("Connection refused")));
        assertTrue(TransientFailures.isTransient(ClosedConnectionException.INSTANCE));
        assertTrue(TransientFailures.isTransient(new NoStackTraceTimeoutException("pool acquisition")));
        assertTrue(TransientFailures.isTransient(new CompletionException(pg("57P01"))), "admin shutdown");
        assertTrue(TransientFailures.isTransient(pg("57P03")), "cannot connect now");
        assertTrue(TransientFailures.isTransient(pg("08006")), "connection failure");
        assertTrue(TransientFailures.isTransient(pg("53300")), "too many connections");
        assertTrue(TransientFailures.isTransient(pg("40001")), "serialization failure");
    }

    @Test
    void badDataIsNot() {
        assertFalse(TransientFailures.isTransient(pg("23505")), "unique violation");
        assertFalse(TransientFailures.isTransient(pg("22P02")), "invalid text representation");
        assertFalse(TransientFailures.isTransient(new IllegalStateException("bug")));
    }

    private static PgException pg(String sqlState) {
        return new PgException("failure " + sqlState, "ERROR", sqlState, null);
    }
}
