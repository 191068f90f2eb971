package dev.herald.common.rest;

import java.util.List;
import java.util.Map;

/** Ends a request with an {@code application/problem+json} answer. */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String title;
    private final List<Problem.FieldError> errors;
    private final Map<String, String> headers;

    public ProblemException(int status, String title, String detail) {
        this(status, title, detail, null, Map.of());
    }

    public ProblemException(int status, String title, String detail, List<Problem.FieldError> errors,
            Map<String, String> headers) {
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
        this.errors = errors;
        this.headers = headers;
    }

    public static ProblemException validation(List<Problem.FieldError> errors) {
        return new ProblemException(400, "Invalid request", errors.size() == 1
                ? errors.get(0).field() + ": " + errors.get(0).message()
                : errors.size() + " fields are invalid; see errors", errors, Map.of());
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(404, "Not found", detail);
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
