package dev.herald.filter.service;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.herald.common.contract.Channel;
import dev.herald.filter.config.FilterConfig;
import dev.herald.filter.repository.ChangeFeed;
import dev.herald.filter.repository.UserRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The recipients of events, cached: a user with their preferences and suppressed addresses, or the fact that a
 * user id is unknown to the tenant. Misses of one event are read in one query. Every entry is dropped when the
 * {@link ChangeFeed} announces a change of it, on every replica; while the feed is not live every lookup reads the
 * database.
 *
 * <p>A lookup that raced a change must not cache what it read before the change: after each put the feed's
 * generation is compared with the one before the read, and on a difference the entry is dropped again. (The feed
 * moves the generation on before it invalidates, so either this check or the invalidation removes a stale entry.)
 */
@ApplicationScoped
public class RecipientDirectory implements ChangeFeed.Listener {

    private final UserRepository users;
    private final ChangeFeed feed;
    private final boolean enabled;
    private final Cache<Key, Optional<Recipient>> cache;

    record Key(String tenant, String userId) {
    }

    RecipientDirectory(UserRepository users, ChangeFeed feed, FilterConfig config) {
        this.users = users;
        this.feed = feed;
        this.enabled = config.cache().enabled();
        this.cache = Caffeine.newBuilder()
                .maximumSize(config.cache().maximumSize())
                .expireAfterWrite(config.cache().expireAfterWrite())
                .build();
        feed.register(this);
    }

    /** The known users among {@code userIds}, by user id (see {@link UserRepository#findRecipients}). */
    public Uni<Map<String, Recipient>> find(String tenant, Collection<String> userIds) {
        if (!enabled || !feed.live()) {
            return users.findRecipients(tenant, userIds);
        }
        Map<String, Recipient> found = new HashMap<>();
        List<String> misses = new ArrayList<>();
        for (String userId : userIds) {
            Optional<Recipient> cached = cache.getIfPresent(new Key(tenant, userId));
            if (cached == null) {
                misses.add(userId);
            } else {
                cached.ifPresent(recipient -> found.put(userId, recipient));
            }
        }
        if (misses.isEmpty()) {
            return Uni.createFrom().item(found);
        }
        long generation = feed.generation();
        return users.findRecipients(tenant, misses).map(read -> {
            for (String userId : misses) {
                Recipient recipient = read.get(userId);
                Key key = new Key(tenant, userId);
                cache.put(key, Optional.ofNullable(recipient));
                if (feed.generation() != generation) {
                    cache.invalidate(key);
                }
                if (recipient != null) {
                    found.put(userId, recipient);
                }
            }
            return found;
        });
    }

    /** Whether the user's lookup is cached now (tests). */
    boolean cached(String tenant, String userId) {
        return cache.getIfPresent(new Key(tenant, userId)) != null;
    }

    @Override
    public void changed(ChangeFeed.Change change) {
        switch (change.kind()) {
            case USER -> cache.invalidate(new Key(change.tenant(), change.userId()));
            case SUPPRESSION -> cache.asMap().entrySet().removeIf(entry -> entry.getKey().tenant().equals(change.tenant())
                    && entry.getValue().map(recipient -> uses(recipient, change.channel(), change.address())).orElse(false));
            case CATEGORY -> { }
        }
    }

    @Override
    public void reset() {
        cache.invalidateAll();
    }

    private static boolean uses(Recipient recipient, Channel channel, String address) {
        String wanted = SuppressedAddresses.normalize(channel, address);
        if (channel == Channel.PUSH) {
            return recipient.user().pushTokens().contains(wanted);
        }
        return recipient.user().address(channel).map(own -> SuppressedAddresses.normalize(channel, own).equals(wanted))
                .orElse(false);
    }
}
