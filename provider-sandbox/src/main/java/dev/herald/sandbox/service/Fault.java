package dev.herald.sandbox.service;

import jakarta.ws.rs.core.Response;

import java.util.random.RandomGenerator;

/**
 * A fault injected into one channel: a share of its requests fails with {@code status}, and every request of the
 * channel waits {@code latencyMs} first.
 *
 * @param retryAfterSeconds sent as {@code Retry-After} on failed requests when above zero
 */
public record Fault(double errorRate, int status, long latencyMs, int retryAfterSeconds) {

    public static final int DEFAULT_STATUS = 503;

    /** Whether this request is one of the failing share. */
    public boolean trips(RandomGenerator random) {
        return errorRate >= 1.0 || (errorRate > 0.0 && random.nextDouble() < errorRate);
    }

    /** Adds {@code Retry-After} to a failure answer when this fault asks for it. */
    public Response.ResponseBuilder withRetryAfter(Response.ResponseBuilder response) {
        return retryAfterSeconds > 0 ? response.header("Retry-After", Integer.toString(retryAfterSeconds)) : response;
    }
}
