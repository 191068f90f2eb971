package dev.herald.filter.service;

import dev.herald.common.contract.Channel;
import dev.herald.filter.repository.CategoryRepository;
import dev.herald.filter.repository.ChangeFeed;
import dev.herald.filter.repository.PreferencesRepository;
import dev.herald.filter.repository.UserRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The end user's view of their preferences, for the settings page and its JSON API: what to show, and how a
 * submitted page becomes stored preferences.
 *
 * <p>A category choice that equals the tenant's default is stored as no choice at all, so the user keeps following
 * the default if the tenant changes it; only a choice that differs is stored. Critical categories and channels the
 * user cannot be reached on are not on the page, and their stored choices are kept.
 */
@ApplicationScoped
public class PreferenceSettings {

    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

    private final UserRepository users;
    private final PreferencesRepository preferences;
    private final CategoryRepository categories;
    private final ChangeFeed feed;

    PreferenceSettings(UserRepository users, PreferencesRepository preferences, CategoryRepository categories,
            ChangeFeed feed) {
        this.users = users;
        this.preferences = preferences;
        this.categories = categories;
        this.feed = feed;
    }

    /** The user's settings, or empty when the user is unknown. */
    public Uni<Optional<Settings>> load(String tenant, String userId, String defaultTimezone) {
        return state(tenant, userId).map(found -> found.map(state -> view(state, defaultTimezone)));
    }

    /** Applies a submitted page; false when the user is unknown. */
    public Uni<Boolean> save(String tenant, String userId, SettingsUpdate update) {
        return state(tenant, userId).chain(found -> {
            if (found.isEmpty()) {
                return Uni.createFrom().item(false);
            }
            State state = found.get();
            Preferences merged = merge(state, update);
            Uni<Boolean> saved = preferences.save(tenant, userId, merged);
            if (update.timezone() != null && !update.timezone().equals(state.user().timezone())) {
                saved = saved.chain(ok -> users.updateTimezone(tenant, userId, update.timezone()).map(zone -> ok && zone));
            }
            return saved.invoke(ok -> feed.changedHere(ChangeFeed.Change.user(tenant, userId)));
        });
    }

    /** Switches one channel off for one category (the one-click unsubscribe); false when the user is unknown. */
    public Uni<Boolean> unsubscribe(String tenant, String userId, String category, Channel channel) {
        return preferences.switchOff(tenant, userId, category, channel)
                .invoke(ok -> feed.changedHere(ChangeFeed.Change.user(tenant, userId)));
    }

    private record State(UserProfile user, Preferences preferences, TenantCategories categories) {
    }

    private Uni<Optional<State>> state(String tenant, String userId) {
        return users.find(tenant, userId).chain(user -> {
            if (user.isEmpty()) {
                return Uni.createFrom().item(Optional.<State>empty());
            }
            return Uni.combine().all().unis(preferences.find(tenant, userId), categories.findAll(tenant)).asTuple()
                    .map(found -> found.getItem1().map(stored -> new State(user.get(), stored, found.getItem2())));
        });
    }

    static Settings view(State state, String defaultTimezone) {
        List<Channel> reachable = reachable(state.user());
        List<Settings.ChannelSetting> channels = new ArrayList<>();
        for (Channel channel : reachable) {
            channels.add(new Settings.ChannelSetting(channel.wireName(), Settings.label(channel),
                    state.preferences().channelEnabled(channel), masked(state.user(), channel)));
        }
        List<Settings.CategorySetting> categories = new ArrayList<>();
        for (String name : categoryNames(state)) {
            Optional<CategoryDefault> category = state.categories().find(name);
            boolean critical = category.map(CategoryDefault::critical).orElse(false);
            List<Settings.Choice> choices = new ArrayList<>();
            if (!critical) {
                for (Channel channel : reachable) {
                    choices.add(new Settings.Choice(channel.wireName(), Settings.label(channel),
                            effective(state.preferences(), category.orElse(null), name, channel)));
                }
            }
            categories.add(new Settings.CategorySetting(name, category.map(CategoryDefault::displayName).orElse(name),
                    category.map(CategoryDefault::description).orElse(null), critical, choices));
        }
        QuietHours quiet = state.preferences().quietHours();
        Settings.QuietHoursSetting quietHours = quiet == null
                ? new Settings.QuietHoursSetting(false, "22:00", "07:00")
                : new Settings.QuietHoursSetting(true, quiet.start().format(HH_MM), quiet.end().format(HH_MM));
        String timezone = state.user().timezone() == null ? defaultTimezone : state.user().timezone();
        return new Settings(channels, categories, quietHours, timezone, state.preferences().unsubscribedAll());
    }

    static Preferences merge(State state, SettingsUpdate update) {
        Preferences stored = state.preferences();
        Map<Channel, Boolean> channels = new EnumMap<>(Channel.class);
        channels.putAll(stored.channels());
        channels.putAll(update.channels());
        Map<String, Map<Channel, Boolean>> categories = new LinkedHashMap<>();
        stored.categories().forEach((name, choices) -> {
            Map<Channel, Boolean> copy = new EnumMap<>(Channel.class);
            copy.putAll(choices);
            categories.put(name, copy);
        });
        update.categories().forEach((name, submitted) -> {
            Optional<CategoryDefault> category = state.categories().find(name);
            if (category.map(CategoryDefault::critical).orElse(false)) {
                return;
            }
            Map<Channel, Boolean> choices = categories.computeIfAbsent(name, key -> new EnumMap<>(Channel.class));
            submitted.forEach((channel, enabled) -> {
                boolean byDefault = category.map(found -> found.channelEnabled(channel)).orElse(true);
                if (enabled == byDefault) {
                    choices.remove(channel);
                } else {
                    choices.put(channel, enabled);
                }
            });
        });
        categories.values().removeIf(Map::isEmpty);
        QuietHours quietHours = update.replaceQuietHours() ? update.quietHours() : stored.quietHours();
        boolean unsubscribedAll = update.unsubscribedAll() == null ? stored.unsubscribedAll() : update.unsubscribedAll();
        return new Preferences(channels, categories, quietHours, unsubscribedAll);
    }

    private static boolean effective(Preferences preferences, CategoryDefault category, String name, Channel channel) {
        return preferences.categoryChoice(name, channel)
                .orElseGet(() -> category == null || category.channelEnabled(channel));
    }

    /** The tenant's categories in name order, then those only the user has choices for. */
    private static List<String> categoryNames(State state) {
        List<String> names = new ArrayList<>(state.categories().byName().keySet());
        for (String name : new TreeSet<>(state.preferences().categories().keySet())) {
            if (!names.contains(name)) {
                names.add(name);
            }
        }
        return names;
    }

    private static List<Channel> reachable(UserProfile user) {
        List<Channel> reachable = new ArrayList<>();
        for (Channel channel : Channel.values()) {
            if (user.address(channel).isPresent()) {
                reachable.add(channel);
            }
        }
        return reachable;
    }

    /** Enough of the contact point for the user to recognise it, not enough to learn it from a leaked link. */
    static String masked(UserProfile user, Channel channel) {
        return switch (channel) {
            case EMAIL -> {
                String email = user.email();
                int at = email.indexOf('@');
                yield email.charAt(0) + "\u2022\u2022\u2022" + email.substring(at);
            }
            case SMS -> "\u2022\u2022\u2022 " + user.phone().substring(Math.max(1, user.phone().length() - 2));
            case PUSH -> user.pushTokens().size() == 1 ? "1 device" : user.pushTokens().size() + " devices";
            case SLACK -> "Slack";
        };
    }
}
