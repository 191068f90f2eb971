package dev.herald.auth;

import jakarta.enterprise.context.RequestScoped;

/** The authenticated caller of the current request: the tenant its API key belongs to. */
@RequestScoped
public class Caller {

    private String tenant;

    public String tenant() {
        if (tenant == null) {
            throw new IllegalStateException("no authenticated caller in this request");
        }
        return tenant;
    }

    void authenticate(String tenant) {
        this.tenant = tenant;
    }
}
