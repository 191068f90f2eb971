package dev.herald.channel.slack.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Slack channel settings ({@code herald.slack.*}). */
@ConfigMapping(prefix = "herald.slack")
public interface SlackChannelConfig {

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

    /** How long to wait for a TCP (and TLS) connection to Slack before the attempt counts as a transient failure. */
    @WithDefault("5s")
    Duration connectTimeout();

    /**
     * How long to wait for Slack's answer (and to write the request) before the attempt counts as a transient
     * failure. A whole call is bounded by the connect timeout plus this.
     */
    @WithDefault("30s")
    Duration readTimeout();

    /** Idle HTTP connections kept for reuse; keep it at the consumer's prefetch so a busy worker does not reconnect. */
    @WithDefault("64")
    int maxIdleConnections();
}
