package dev.herald.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

@ConfigMapping(prefix = "herald.auth")
public interface AuthConfig {

    /**
     * The bootstrap API key of the default tenant ({@code HERALD_API_KEY}). Stored only as its hash. Unset in
     * production unless you set it: there is no default key.
     */
    Optional<String> bootstrapKey();

    /** The tenant the bootstrap key belongs to. */
    @WithDefault("default")
    String defaultTenant();

    /** How long a verified key is trusted without asking the database again (so a revocation takes at most this). */
    @WithDefault("30s")
    Duration cacheTtl();
}
