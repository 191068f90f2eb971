package dev.herald.filter.repository;

import dev.herald.common.contract.Channel;
import dev.herald.filter.service.Preferences;
import dev.herald.filter.service.QuietHours;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.LocalTime;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Users' preferences in {@code preference.preferences}: channel switches and category choices as jsonb. */
@ApplicationScoped
public class PreferencesRepository {

    static final String PREFERENCE_COLUMNS =
            "p.user_id AS preferences_user_id, p.channels, p.categories, p.quiet_start, p.quiet_end, p.unsubscribed_all";

    private final Pool pool;

    PreferencesRepository(Pool pool) {
        this.pool = pool;
    }

    /** The user's preferences (the defaults when none are stored), or empty when the user is unknown. */
    public Uni<Optional<Preferences>> find(String tenant, String userId) {
        return pool.preparedQuery("SELECT " + PREFERENCE_COLUMNS + """
                         FROM preference.users u
                         LEFT JOIN preference.preferences p ON p.tenant = u.tenant AND p.user_id = u.user_id
                        WHERE u.tenant = $1 AND u.user_id = $2""")
                .execute(Tuple.of(tenant, userId))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(preferences(rows.iterator().next())));
    }

    /** Replaces the user's preferences; false when the user is unknown (nothing is stored then). */
    public Uni<Boolean> save(String tenant, String userId, Preferences preferences) {
        QuietHours quiet = preferences.quietHours();
        return pool.preparedQuery("""
                        INSERT INTO preference.preferences
                            (tenant, user_id, channels, categories, quiet_start, quiet_end, unsubscribed_all)
                        SELECT u.tenant, u.user_id, $3, $4, $5, $6, $7 FROM preference.users u
                         WHERE u.tenant = $1 AND u.user_id = $2
                        ON CONFLICT (tenant, user_id) DO UPDATE SET
                            channels = EXCLUDED.channels, categories = EXCLUDED.categories,
                            quiet_start = EXCLUDED.quiet_start, quiet_end = EXCLUDED.quiet_end,
                            unsubscribed_all = EXCLUDED.unsubscribed_all, updated_at = now()""")
                .execute(Tuple.from(Arrays.asList(tenant, userId, toJson(preferences.channels()), categoriesJson(preferences),
                        quiet == null ? null : quiet.start(), quiet == null ? null : quiet.end(),
                        preferences.unsubscribedAll())))
                .map(rows -> rows.rowCount() > 0);
    }

    /**
     * Switches {@code channel} off for {@code category}, leaving every other choice as it is (one statement, so a
     * concurrent save of other choices is not lost); false when the user is unknown.
     */
    public Uni<Boolean> switchOff(String tenant, String userId, String category, Channel channel) {
        return pool.preparedQuery("""
                        INSERT INTO preference.preferences AS p (tenant, user_id, categories)
                        SELECT u.tenant, u.user_id, jsonb_build_object($3::text, jsonb_build_object($4::text, false))
                          FROM preference.users u
                         WHERE u.tenant = $1 AND u.user_id = $2
                        ON CONFLICT (tenant, user_id) DO UPDATE SET
                            categories = p.categories || jsonb_build_object($3::text,
                                COALESCE(p.categories -> $3::text, '{}'::jsonb) || jsonb_build_object($4::text, false)),
                            updated_at = now()""")
                .execute(Tuple.of(tenant, userId, category, channel.wireName()))
                .map(rows -> rows.rowCount() > 0);
    }

    /** Reads the columns of {@link #PREFERENCE_COLUMNS}; a user without a stored row gets the defaults. */
    static Preferences preferences(Row row) {
        if (row.getString("preferences_user_id") == null) {
            return Preferences.DEFAULTS;
        }
        Map<String, Map<Channel, Boolean>> categories = new LinkedHashMap<>();
        JsonObject storedCategories = json(row, "categories");
        for (String category : storedCategories.fieldNames()) {
            Object choices = storedCategories.getValue(category);
            if (choices instanceof JsonObject object) {
                categories.put(category, channels(object));
            }
        }
        LocalTime start = row.getLocalTime("quiet_start");
        LocalTime end = row.getLocalTime("quiet_end");
        return new Preferences(channels(json(row, "channels")), categories,
                start == null || end == null ? null : new QuietHours(start, end),
                Boolean.TRUE.equals(row.getBoolean("unsubscribed_all")));
    }

    static JsonObject json(Row row, String column) {
        Object value = row.getValue(column);
        return value instanceof JsonObject object ? object : new JsonObject();
    }

    /** Channels no longer known (or not boolean) are ignored, so an old row never breaks a read. */
    static Map<Channel, Boolean> channels(JsonObject object) {
        Map<Channel, Boolean> channels = new EnumMap<>(Channel.class);
        for (String name : object.fieldNames()) {
            Optional<Channel> channel = Channel.parse(name);
            if (channel.isPresent() && object.getValue(name) instanceof Boolean enabled) {
                channels.put(channel.get(), enabled);
            }
        }
        return channels;
    }

    static JsonObject toJson(Map<Channel, Boolean> channels) {
        JsonObject object = new JsonObject();
        channels.forEach((channel, enabled) -> object.put(channel.wireName(), enabled));
        return object;
    }

    private static JsonObject categoriesJson(Preferences preferences) {
        JsonObject object = new JsonObject();
        preferences.categories().forEach((category, choices) -> object.put(category, toJson(choices)));
        return object;
    }
}
