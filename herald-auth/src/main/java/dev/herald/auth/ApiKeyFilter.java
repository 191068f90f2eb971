package dev.herald.auth;

import dev.herald.common.rest.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.Map;

/**
 * Requires {@code Authorization: Bearer <api key>} on the machine APIs (every path under {@code /v1/}); the
 * settings page, webhooks and health endpoints authenticate otherwise.
 */
public class ApiKeyFilter {

    private final ApiKeyStore keys;
    private final Caller caller;

    ApiKeyFilter(ApiKeyStore keys, Caller caller) {
        this.keys = keys;
        this.caller = caller;
    }

    @ServerRequestFilter
    public Uni<Void> authenticate(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("/v1/")) {
            return Uni.createFrom().voidItem();
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
            return Uni.createFrom().failure(unauthorized("Send your API key as 'Authorization: Bearer <key>'."));
        }
        return keys.tenantOf(header.substring(7).trim()).map(tenant -> {
            caller.authenticate(tenant.orElseThrow(() -> unauthorized("The API key is unknown or revoked.")));
            return null;
        });
    }

    private static ProblemException unauthorized(String detail) {
        return new ProblemException(401, "Unauthorized", detail, null, Map.of("WWW-Authenticate", "Bearer"));
    }
}
