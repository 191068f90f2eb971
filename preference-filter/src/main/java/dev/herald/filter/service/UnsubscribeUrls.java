package dev.herald.filter.service;

import dev.herald.common.contract.Channel;

import java.util.Optional;

/** Makes the one-click unsubscribe URL of a category for one user on one channel, where there can be one. */
@FunctionalInterface
public interface UnsubscribeUrls {

    UnsubscribeUrls NONE = (tenant, userId, category, channel) -> Optional.empty();

    Optional<String> urlFor(String tenant, String userId, String category, Channel channel);
}
