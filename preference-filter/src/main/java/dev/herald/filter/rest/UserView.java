package dev.herald.filter.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.herald.filter.service.UserProfile;

import java.time.Instant;
import java.util.List;

/** A user as the API shows it. */
public record UserView(String userId, String email, String phone, String locale, String timezone,
        List<String> pushTokens, Slack slack, Instant createdAt, Instant updatedAt) {

    /** The Slack target: one of the two fields is set. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Slack(String channel, String userId) {
    }

    static UserView of(UserProfile user) {
        return new UserView(user.userId(), user.email(), user.phone(), user.locale(), user.timezone(), user.pushTokens(),
                user.slack() == null ? null : new Slack(user.slack().channel(), user.slack().userId()),
                user.createdAt(), user.updatedAt());
    }
}
