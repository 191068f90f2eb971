package dev.herald.sandbox.rest;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * An RFC 9457 problem detail, the body of every error of the sandbox's own API. The same shape as herald-common's;
 * kept here because the sandbox needs neither the broker nor the database that herald-common brings.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** One offending field of a request: its name and what is wrong with it. */
    public record FieldError(String field, String message) {
    }
}
