package dev.herald.tracker.rest;

import dev.herald.auth.AuthConfig;
import dev.herald.auth.Caller;
import dev.herald.tracker.repository.DeadLetterStore;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Which dead letters a tenant may see and redrive: its own, and, for the operator's tenant (the one the bootstrap key
 * belongs to), also those that carry no tenant at all because their body is not a dispatch.
 */
@ApplicationScoped
public class CallerScope {

    private final AuthConfig auth;

    CallerScope(AuthConfig auth) {
        this.auth = auth;
    }

    public DeadLetterStore.Scope of(String tenant) {
        return new DeadLetterStore.Scope(tenant, tenant.equals(auth.defaultTenant()));
    }

    DeadLetterStore.Scope of(Caller caller) {
        return of(caller.tenant());
    }
}
