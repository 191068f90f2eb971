package dev.herald.ingress.service;

import dev.herald.ingress.config.IngressConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per tenant and replica. With N ingress replicas each enforces its share of the rate; the limit
 * protects the broker from one tenant's burst, it is not a billing meter.
 */
@ApplicationScoped
public class TenantRateLimiter {

    private final double perSecond;
    private final double burst;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    TenantRateLimiter(IngressConfig config) {
        this.perSecond = config.rateLimit().perSecond();
        this.burst = Math.max(1, config.rateLimit().burst());
    }

    /** Takes one token; returns 0 when allowed, else the whole seconds to wait before one is available. */
    public long acquire(String tenant) {
        if (perSecond <= 0) {
            return 0;
        }
        return buckets.computeIfAbsent(tenant, ignored -> new Bucket()).take();
    }

    private final class Bucket {
        private double tokens = burst;
        private long refilledAt = System.nanoTime();

        synchronized long take() {
            long now = System.nanoTime();
            tokens = Math.min(burst, tokens + (now - refilledAt) / 1e9 * perSecond);
            refilledAt = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - tokens) / perSecond);
        }
    }
}
