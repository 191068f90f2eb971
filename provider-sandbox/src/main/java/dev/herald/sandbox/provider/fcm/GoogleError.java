package dev.herald.sandbox.provider.fcm;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.herald.sandbox.service.Fault;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Google's API error body {@code {"error":{"code","message","status","details"}}}, with FCM's {@code FcmError}
 * detail that firebase-admin reads its {@code MessagingErrorCode} from.
 */
record GoogleError(Body error) {

    static final String FCM_ERROR_TYPE = "type.googleapis.com/google.firebase.fcm.v1.FcmError";
    static final String BAD_REQUEST_TYPE = "type.googleapis.com/google.rpc.BadRequest";

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record Body(int code, String message, String status, List<Map<String, Object>> details) {
    }

    static Response fcm(int code, String message, String fcmErrorCode) {
        return respond(code, message, fcmErrorCode, null, null);
    }

    /** An INVALID_ARGUMENT naming the offending field, as FCM answers a bad token or payload. */
    static Response invalidArgument(String message, String field, String description) {
        return respond(400, message, "INVALID_ARGUMENT", field, description);
    }

    /**
     * A 401 as Google sends it. {@code error="invalid_token"} in the challenge is what makes the Google auth library
     * refresh its token and retry, so it is set when a token was presented but refused.
     */
    static Response unauthenticated(String message, boolean tokenPresented) {
        Body body = new Body(401, message, "UNAUTHENTICATED", List.of());
        String challenge = "Bearer realm=\"https://accounts.google.com/\""
                + (tokenPresented ? ", error=\"invalid_token\"" : "");
        return Response.status(401).type(MediaType.APPLICATION_JSON_TYPE)
                .header("WWW-Authenticate", challenge)
                .entity(new GoogleError(body)).build();
    }

    static Response fault(Fault fault) {
        int code = fault.status();
        String message = switch (code) {
            case 429 -> "Quota exceeded for quota metric 'Send requests' and limit 'Send requests per minute'.";
            case 503 -> "The service is currently unavailable.";
            case 500 -> "Internal error encountered.";
            default -> "The request failed.";
        };
        Body body = new Body(code, message, canonicalStatus(code), List.of(fcmError(fcmErrorCode(code))));
        return fault.withRetryAfter(Response.status(code).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new GoogleError(body))).build();
    }

    private static Response respond(int code, String message, String fcmErrorCode, String field, String description) {
        List<Map<String, Object>> details = new ArrayList<>();
        details.add(fcmError(fcmErrorCode));
        if (field != null) {
            Map<String, Object> badRequest = new LinkedHashMap<>();
            badRequest.put("@type", BAD_REQUEST_TYPE);
            badRequest.put("fieldViolations", List.of(Map.of("field", field, "description", description)));
            details.add(badRequest);
        }
        return Response.status(code).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new GoogleError(new Body(code, message, canonicalStatus(code), details))).build();
    }

    private static Map<String, Object> fcmError(String errorCode) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("@type", FCM_ERROR_TYPE);
        detail.put("errorCode", errorCode);
        return detail;
    }

    /** Google's canonical status name for an HTTP status (google.rpc.Code). */
    static String canonicalStatus(int httpStatus) {
        return switch (httpStatus) {
            case 400 -> "INVALID_ARGUMENT";
            case 401 -> "UNAUTHENTICATED";
            case 403 -> "PERMISSION_DENIED";
            case 404 -> "NOT_FOUND";
            case 409 -> "ABORTED";
            case 429 -> "RESOURCE_EXHAUSTED";
            case 499 -> "CANCELLED";
            case 501 -> "UNIMPLEMENTED";
            case 503 -> "UNAVAILABLE";
            case 504 -> "DEADLINE_EXCEEDED";
            default -> httpStatus >= 500 ? "INTERNAL" : "FAILED_PRECONDITION";
        };
    }

    /** FCM's own error code for an HTTP status, the one firebase-admin maps to MessagingErrorCode. */
    private static String fcmErrorCode(int httpStatus) {
        return switch (httpStatus) {
            case 400 -> "INVALID_ARGUMENT";
            case 401 -> "THIRD_PARTY_AUTH_ERROR";
            case 403 -> "SENDER_ID_MISMATCH";
            case 404 -> "UNREGISTERED";
            case 429 -> "QUOTA_EXCEEDED";
            case 503 -> "UNAVAILABLE";
            case 500 -> "INTERNAL";
            default -> "UNSPECIFIED_ERROR";
        };
    }
}
