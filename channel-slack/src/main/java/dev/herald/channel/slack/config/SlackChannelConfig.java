package dev.herald.channel.slack.config;

import dev.herald.channel.core.config.ProviderTimeouts;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Slack channel settings ({@code herald.slack.*}); {@code connect-timeout} and {@code read-timeout} as in channel-core,
 * the read timeout also bounding the request's write, and a whole call bounded by the two together.
 */
@ConfigMapping(prefix = "herald.slack")
public interface SlackChannelConfig extends ProviderTimeouts {

    /**
     * Bot token ({@code xoxb-...}, env {@code HERALD_SLACK_BOT_TOKEN}) of the Slack app that posts; it needs the
     * {@code chat:write} scope. Required in production, never logged.
     */
    String botToken();

    /**
     * Base URL of the Slack Web API methods, ending in {@code /api/}: {@code https://slack.com/api/}, or
     * {@code http://localhost:8089/api/} for provider-sandbox.
     */
    @WithDefault("https://slack.com/api/")
    String apiUrl();

    /** Idle HTTP connections kept for reuse; keep it at the consumer's prefetch so a busy worker does not reconnect. */
    @WithDefault("64")
    int maxIdleConnections();
}
