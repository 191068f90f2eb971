package dev.herald.filter.service.link;

import dev.herald.common.contract.Channel;
import dev.herald.common.rest.ProblemException;
import dev.herald.filter.config.FilterConfig;
import dev.herald.filter.service.UnsubscribeUrls;
import io.quarkus.logging.Log;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * The signed links of end users: the settings page and the one-click unsubscribe of a category. The secret comes
 * from {@code herald.filter.link-secret}; dev and test generate one per process, production has none by default
 * and then makes no links at all (see {@link FilterConfig#linkSecret()}).
 */
@Startup // a bad secret fails start-up, and a missing one is reported then, not at the first link
@ApplicationScoped
public class PreferenceLinks implements UnsubscribeUrls {

    private final FilterConfig config;
    private final LinkTokens tokens;
    private final String baseUrl;

    PreferenceLinks(FilterConfig config) {
        this.config = config;
        this.baseUrl = config.publicUrl().endsWith("/")
                ? config.publicUrl().substring(0, config.publicUrl().length() - 1) : config.publicUrl();
        Optional<String> secret = config.linkSecret().filter(value -> !value.isBlank());
        if (secret.isPresent()) {
            this.tokens = new LinkTokens(secret.get());
        } else if (LaunchMode.current() != LaunchMode.NORMAL) {
            Log.warn("herald.filter.link-secret is not set: using a secret generated for this process (dev/test only)");
            this.tokens = new LinkTokens(generatedSecret());
        } else {
            Log.error("herald.filter.link-secret (HERALD_FILTER_LINK_SECRET) is not set: settings-page and unsubscribe "
                    + "links are disabled until it is");
            this.tokens = null;
        }
    }

    public boolean enabled() {
        return tokens != null;
    }

    /** The settings-page link of one user, with its expiry. */
    public Link settingsLink(String tenant, String userId, Instant now) {
        Instant expiresAt = now.plus(config.linkTtl());
        return new Link(url("/preferences", require().sign(LinkToken.settings(tenant, userId, expiresAt))), expiresAt);
    }

    @Override
    public Optional<String> urlFor(String tenant, String userId, String category, Channel channel) {
        if (tokens == null || channel != Channel.EMAIL) {
            return Optional.empty();
        }
        Instant expiresAt = Instant.now().plus(config.unsubscribeLinkTtl());
        return Optional.of(url("/unsubscribe", tokens.sign(LinkToken.unsubscribe(tenant, userId, category, channel, expiresAt))));
    }

    /** The grant of a token of {@code purpose}; throws {@link LinkTokens.InvalidLinkException} if it grants nothing. */
    public LinkToken verify(String token, LinkToken.Purpose purpose) {
        return require().verify(token, purpose, Instant.now());
    }

    /** A fresh settings-page token for the user of a verified unsubscribe token (the confirmation page links to it). */
    public String settingsToken(String tenant, String userId) {
        return require().sign(LinkToken.settings(tenant, userId, Instant.now().plus(config.linkTtl())));
    }

    private LinkTokens require() {
        if (tokens == null) {
            throw new ProblemException(503, "Links are disabled",
                    "The service has no herald.filter.link-secret (HERALD_FILTER_LINK_SECRET); an operator must set it.");
        }
        return tokens;
    }

    private String url(String path, String token) {
        return baseUrl + path + "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
    }

    private static String generatedSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A link and when it stops working. */
    public record Link(String url, Instant expiresAt) {
    }
}
