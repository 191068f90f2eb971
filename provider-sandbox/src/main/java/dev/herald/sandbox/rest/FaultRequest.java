package dev.herald.sandbox.rest;

import dev.herald.sandbox.service.Fault;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.ArrayList;
import java.util.List;

/** The body of {@code PUT /sandbox/faults/{channel}}; absent fields take the defaults shown. */
public record FaultRequest(
        @Schema(required = true, description = "Share of requests that fail, 0.0-1.0; 0 injects latency alone",
                examples = "0.5") Double errorRate,
        @Schema(description = "HTTP status of failed requests, 400-599", defaultValue = "503") Integer status,
        @Schema(description = "Delay before every request of the channel is answered, 0-" + FaultRequest.MAX_LATENCY_MS,
                defaultValue = "0") Long latencyMs,
        @Schema(description = "Retry-After of failed requests in seconds, 0 for none", defaultValue = "0")
        Integer retryAfterSeconds) {

    static final long MAX_LATENCY_MS = 60_000;
    static final int MAX_RETRY_AFTER_SECONDS = 86_400;

    /** The fault this request asks for, or the fields that are wrong. */
    Fault toFault() {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (errorRate == null) {
            errors.add(new Problem.FieldError("errorRate", "is required: the share of requests that fail, 0.0-1.0"));
        } else if (!(errorRate >= 0.0 && errorRate <= 1.0)) {
            errors.add(new Problem.FieldError("errorRate", "must be between 0.0 and 1.0"));
        }
        if (status != null && (status < 400 || status > 599)) {
            errors.add(new Problem.FieldError("status", "must be an error status between 400 and 599"));
        }
        if (latencyMs != null && (latencyMs < 0 || latencyMs > MAX_LATENCY_MS)) {
            errors.add(new Problem.FieldError("latencyMs", "must be between 0 and " + MAX_LATENCY_MS));
        }
        if (retryAfterSeconds != null && (retryAfterSeconds < 0 || retryAfterSeconds > MAX_RETRY_AFTER_SECONDS)) {
            errors.add(new Problem.FieldError("retryAfterSeconds", "must be between 0 and " + MAX_RETRY_AFTER_SECONDS));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }
        return new Fault(errorRate, status == null ? Fault.DEFAULT_STATUS : status,
                latencyMs == null ? 0 : latencyMs, retryAfterSeconds == null ? 0 : retryAfterSeconds);
    }
}
