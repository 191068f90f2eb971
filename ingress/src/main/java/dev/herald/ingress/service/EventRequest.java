package dev.herald.ingress.service;

import dev.herald.common.contract.Channel;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A validated {@code POST /v1/events} body. */
public record EventRequest(String type, String category, String source, boolean critical, List<String> recipients,
        Map<String, Object> data, List<Channel> channels, Instant expiresAt) {
}
