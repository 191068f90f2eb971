package dev.herald.filter.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Settings of the preference filter ({@code herald.filter.*}). */
@ConfigMapping(prefix = "herald.filter")
public interface FilterConfig {

    /** The locale of a dispatch whose recipient has none stored. */
    @WithDefault("en")
    String defaultLocale();

    /** How an event is retried while the broker or the database cannot take its work (see README). */
    Retry retry();

    interface Retry {

        /** The first pause after a transient failure; it doubles with every further failure. */
        @WithDefault("500ms")
        Duration initialBackoff();

        /** The longest pause between two attempts. */
        @WithDefault("30s")
        Duration maxBackoff();
    }
}
