package dev.herald.channel.core.provider;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TransportFailuresTest {

    @Test
    void callsTimeoutsTimeouts() {
        assertEquals("timeout", code(new SocketTimeoutException("Read timed out")));
        assertEquals("timeout", code(new InterruptedIOException("timeout")));
        assertEquals("timeout", code(new HttpConnectTimeoutException("HTTP connect timed out")));
    }

    @Test
    void tellsRefusedAndUnroutableConnectionsFromUnknownHosts() {
        assertEquals("connect_error", code(new ConnectException("Connection refused")));
        assertEquals("connect_error", code(new NoRouteToHostException("No route to host")));
        assertEquals("unknown_host", code(new UnknownHostException("api.example.invalid")));
    }

    @Test
    void callsAnyOtherIoFailureAnIoError() {
        assertEquals("io_error", code(new SocketException("Connection reset")));
        assertEquals("io_error", code(new IOException("Premature EOF")));
    }

    @Test
    void findsTheIoFailureAnSdkWrappedAndNamesItInTheReason() {
        RuntimeException wrapped = new IllegalStateException("SDK call failed",
                new UncheckedIOException(new SocketTimeoutException("Read timed out")));

        assertEquals(Optional.of(new SendOutcome.TransientFailure("timeout", "SocketTimeoutException: Read timed out")),
                TransportFailures.classify(wrapped));
    }

    @Test
    void leavesAFailureWithoutAnIoCauseToTheAdapter() {
        assertEquals(Optional.empty(), TransportFailures.classify(new IllegalArgumentException("bad request")));
        assertEquals(Optional.empty(), TransportFailures.classify(null));
    }

    @Test
    void givesAReasonWithoutMessageJustTheType() {
        assertEquals("ConnectException", TransportFailures.classify(new ConnectException()).orElseThrow().reason());
    }

    @Test
    void stopsAtACauseChainThatLoops() {
        LoopingException first = new LoopingException();
        LoopingException second = new LoopingException();
        first.cause = second;
        second.cause = first;

        assertEquals(Optional.empty(), TransportFailures.classify(first));
    }

    private static String code(IOException failure) {
        return TransportFailures.classify(failure).orElseThrow().code();
    }

    /** A cause chain that goes round in circles, as a careless SDK exception can build. */
    private static final class LoopingException extends RuntimeException {
        private Throwable cause;

        @Override
        public synchronized Throwable getCause() {
            return cause;
        }
    }
}
