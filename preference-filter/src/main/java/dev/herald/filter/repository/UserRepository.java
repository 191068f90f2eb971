package dev.herald.filter.repository;

import dev.herald.common.contract.Channel;
import dev.herald.filter.service.Preferences;
import dev.herald.filter.service.Recipient;
import dev.herald.filter.service.SlackTarget;
import dev.herald.filter.service.SuppressedAddresses;
import dev.herald.filter.service.UserProfile;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Users and their contact points in {@code preference.users}; every statement is scoped to one tenant. */
@ApplicationScoped
public class UserRepository {

    private static final String USER_COLUMNS = """
            u.user_id, u.email, u.phone, u.locale, u.timezone, u.push_tokens, u.slack_channel, u.slack_user_id,
            u.created_at, u.updated_at""";

    private final Pool pool;

    UserRepository(Pool pool) {
        this.pool = pool;
    }

    /** A stored user and whether this call created it. */
    public record Saved(UserProfile user, boolean created) {
    }

    /** Creates or replaces the user's contact points, atomically (concurrent PUTs of one user cannot clash). */
    public Uni<Saved> save(String tenant, UserProfile user) {
        return pool.preparedQuery("""
                        INSERT INTO preference.users AS u
                            (tenant, user_id, email, phone, locale, timezone, push_tokens, slack_channel, slack_user_id)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                        ON CONFLICT (tenant, user_id) DO UPDATE SET
                            email = EXCLUDED.email, phone = EXCLUDED.phone, locale = EXCLUDED.locale,
                            timezone = EXCLUDED.timezone, push_tokens = EXCLUDED.push_tokens,
                            slack_channel = EXCLUDED.slack_channel, slack_user_id = EXCLUDED.slack_user_id,
                            updated_at = now()
                        RETURNING %s, (xmax = 0) AS created""".formatted(USER_COLUMNS))
                .execute(Tuple.from(Arrays.asList(tenant, user.userId(), user.email(), user.phone(), user.locale(),
                        user.timezone(), user.pushTokens().toArray(String[]::new),
                        user.slack() == null ? null : user.slack().channel(),
                        user.slack() == null ? null : user.slack().userId())))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new Saved(user(row), row.getBoolean("created"));
                });
    }

    public Uni<Optional<UserProfile>> find(String tenant, String userId) {
        return pool.preparedQuery("SELECT " + USER_COLUMNS + " FROM preference.users u WHERE u.tenant = $1 AND u.user_id = $2")
                .execute(Tuple.of(tenant, userId))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(user(rows.iterator().next())));
    }

    /**
     * The known users among {@code userIds} with their preferences and their suppressed addresses, in one query
     * however many they are. Ids that are not users of the tenant are simply absent from the result.
     * {@code RecipientDirectory} caches what this returns.
     */
    public Uni<Map<String, Recipient>> findRecipients(String tenant, Collection<String> userIds) {
        if (userIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return pool.preparedQuery("SELECT " + USER_COLUMNS + ", " + PreferencesRepository.PREFERENCE_COLUMNS + ", " + """
                        (SELECT COALESCE(jsonb_agg(jsonb_build_array(s.channel, s.address, s.reason)), '[]'::jsonb)
                           FROM preference.suppressions s
                          WHERE s.tenant = u.tenant
                            AND s.address = ANY(ARRAY[lower(u.email), u.phone, 'channel:' || u.slack_channel,
                                                      'user:' || u.slack_user_id] || u.push_tokens)) AS suppressed
                         FROM preference.users u
                         LEFT JOIN preference.preferences p ON p.tenant = u.tenant AND p.user_id = u.user_id
                        WHERE u.tenant = $1 AND u.user_id = ANY($2)""")
                .execute(Tuple.of(tenant, userIds.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, Recipient> recipients = new HashMap<>();
                    for (Row row : rows) {
                        UserProfile user = user(row);
                        Preferences preferences = PreferencesRepository.preferences(row);
                        recipients.put(user.userId(), new Recipient(user, preferences, suppressed(row)));
                    }
                    return recipients;
                });
    }

    /** Rows of {@code [channel, address, reason]}; only the address on its own channel counts. */
    private static SuppressedAddresses suppressed(Row row) {
        Object value = row.getValue("suppressed");
        if (!(value instanceof JsonArray rows) || rows.isEmpty()) {
            return SuppressedAddresses.NONE;
        }
        Map<String, String> reasons = new HashMap<>();
        for (Object entry : rows) {
            if (entry instanceof JsonArray triple && triple.size() == 3) {
                Channel.parse(triple.getString(0)).ifPresent(channel ->
                        reasons.put(SuppressedAddresses.key(channel, triple.getString(1)), triple.getString(2)));
            }
        }
        return new SuppressedAddresses(reasons);
    }

    /** Sets the user's time zone alone (the settings page changes nothing else of the user); false when unknown. */
    public Uni<Boolean> updateTimezone(String tenant, String userId, String timezone) {
        return pool.preparedQuery("""
                        UPDATE preference.users SET timezone = $3, updated_at = now()
                         WHERE tenant = $1 AND user_id = $2 AND timezone IS DISTINCT FROM $3""")
                .execute(Tuple.of(tenant, userId, timezone))
                .chain(rows -> rows.rowCount() > 0 ? Uni.createFrom().item(true)
                        : find(tenant, userId).map(java.util.Optional::isPresent));
    }

    static UserProfile user(Row row) {
        String slackChannel = row.getString("slack_channel");
        String slackUser = row.getString("slack_user_id");
        SlackTarget slack = slackChannel != null ? SlackTarget.channel(slackChannel)
                : slackUser != null ? SlackTarget.user(slackUser) : null;
        String[] tokens = row.getArrayOfStrings("push_tokens");
        return new UserProfile(row.getString("user_id"), row.getString("email"), row.getString("phone"),
                row.getString("locale"), row.getString("timezone"), tokens == null ? List.of() : List.of(tokens), slack,
                row.getOffsetDateTime("created_at").toInstant(), row.getOffsetDateTime("updated_at").toInstant());
    }
}
