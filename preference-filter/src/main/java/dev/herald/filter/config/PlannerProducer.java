package dev.herald.filter.config;

import dev.herald.filter.service.FrequencyCaps;
import dev.herald.filter.service.NotificationPlanner;
import dev.herald.filter.service.link.PreferenceLinks;
import dev.herald.filter.service.policy.PreferencePolicy;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.ZoneId;

/**
 * The one {@link NotificationPlanner} of the service (the standard policy, configured defaults, signed links) and the
 * configured {@link FrequencyCaps}.
 */
public class PlannerProducer {

    @Produces
    @Singleton
    NotificationPlanner planner(FilterConfig config, PreferenceLinks links) {
        return new NotificationPlanner(PreferencePolicy.standard(ZoneId.of(config.defaultTimezone())),
                config.defaultLocale(), links);
    }

    /** The per-channel frequency caps of {@code herald.filter.frequency-caps.*} (none unless configured). */
    @Produces
    @Singleton
    FrequencyCaps frequencyCaps(FilterConfig config) {
        return FrequencyCaps.of(config.frequencyCaps());
    }
}
