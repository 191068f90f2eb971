package dev.herald.channel.core.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the channel worker pipeline, the same keys for every channel ({@code herald.channel.*}). */
@ConfigMapping(prefix = "herald.channel")
public interface ChannelConfig {

    /**
     * Deliveries of one notification (the first delivery is attempt 1) before a transient failure dead-letters it
     * instead of scheduling another retry.
     */
    @WithDefault("5")
    int maxAttempts();

    /** The locale whose templates are tried after the recipient's own locale and its language. */
    @WithDefault("en")
    String defaultLocale();

    /** The name of each channel's catch-all template set, used for event types that have no templates of their own. */
    @WithDefault("generic")
    String genericTemplate();
}
