package dev.herald.sandbox.provider.fcm;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.io.IOException;
import java.time.Instant;
import java.util.Base64;

/**
 * Google's OAuth2 token endpoint for service accounts (the {@code token_uri} of a service-account key): trades a
 * JWT assertion for an access token the FCM endpoint accepts. The assertion's signature cannot be checked without
 * the key's public half, so its form, claims and times are checked instead. Faults do not apply here.
 */
@Path("/token")
@Tag(name = "FCM", description = "Stand-in for fcm.googleapis.com")
public class GoogleTokenResource {

    static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    static final long MAX_LIFETIME_SECONDS = 3600;
    static final long CLOCK_SKEW_SECONDS = 300;

    private final AccessTokens tokens;
    private final ObjectMapper json;

    GoogleTokenResource(AccessTokens tokens, ObjectMapper json) {
        this.tokens = tokens;
        this.json = json;
    }

    public record TokenResponse(@JsonProperty("access_token") String accessToken,
            @JsonProperty("expires_in") long expiresIn, @JsonProperty("token_type") String tokenType) {
    }

    public record TokenError(String error, @JsonProperty("error_description") String errorDescription) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Issue an access token (Google OAuth2)", description = "Form grant_type="
            + JWT_BEARER + " and assertion=<service-account JWT>.")
    public Response token(MultivaluedMap<String, String> form) {
        String grantType = form == null ? null : form.getFirst("grant_type");
        if (!JWT_BEARER.equals(grantType)) {
            return error("unsupported_grant_type", "Invalid grant_type: " + (grantType == null ? "" : grantType));
        }
        JsonNode claims = claims(form.getFirst("assertion"));
        if (claims == null || !claims.path("iss").isTextual() || !claims.path("aud").isTextual()
                || !claims.path("iat").canConvertToLong() || !claims.path("exp").canConvertToLong()) {
            return error("invalid_grant", "Invalid JWT Signature.");
        }
        if (!claims.path("scope").isTextual() && !claims.path("target_audience").isTextual()) {
            return error("invalid_scope", "Invalid OAuth scope or ID token audience provided.");
        }
        long now = Instant.now().getEpochSecond();
        long issuedAt = claims.get("iat").asLong();
        long expiresAt = claims.get("exp").asLong();
        if (issuedAt > now + CLOCK_SKEW_SECONDS || expiresAt <= now - CLOCK_SKEW_SECONDS || expiresAt <= issuedAt
                || expiresAt - issuedAt > MAX_LIFETIME_SECONDS) {
            return error("invalid_grant", "Invalid JWT: Token must be a short-lived token (60 minutes) and in a "
                    + "reasonable timeframe. Check your iat and exp values in the JWT claim.");
        }
        AccessTokens.Issued issued = tokens.issue();
        Log.debug("issued an FCM access token");
        return Response.ok(new TokenResponse(issued.token(), issued.lifetime().toSeconds(), "Bearer"),
                        MediaType.APPLICATION_JSON_TYPE)
                .header("Cache-Control", "no-cache, no-store, max-age=0, must-revalidate")
                .build();
    }

    /** The claims of a compact JWS {@code header.claims.signature} whose header names an algorithm, or null. */
    private JsonNode claims(String assertion) {
        if (assertion == null) {
            return null;
        }
        String[] parts = assertion.split("\\.", -1);
        if (parts.length != 3 || parts[2].isEmpty()) {
            return null;
        }
        try {
            Base64.Decoder decoder = Base64.getUrlDecoder();
            JsonNode header = json.readTree(decoder.decode(parts[0]));
            JsonNode claims = json.readTree(decoder.decode(parts[1]));
            return header != null && header.path("alg").isTextual() && claims != null && claims.isObject()
                    ? claims : null;
        } catch (IllegalArgumentException | IOException e) {
            return null;
        }
    }

    private static Response error(String error, String description) {
        return Response.status(400).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new TokenError(error, description)).build();
    }
}
