package dev.herald.filter.service;

import dev.herald.common.contract.Channel;
import io.quarkus.qute.TemplateData;

import java.util.List;

/**
 * What the settings page shows one user: the channels they can be reached on with their switches, every category of
 * the tenant (and any the user chose for) with the effective choice per channel, quiet hours, the time zone, and
 * whether they unsubscribed from everything.
 */
@TemplateData
public record Settings(List<ChannelSetting> channels, List<CategorySetting> categories, QuietHoursSetting quietHours,
        String timezone, boolean unsubscribedAll) {

    /** A channel the user has a contact point on; {@code contact} is masked for display. */
    @TemplateData
    public record ChannelSetting(String name, String label, boolean enabled, String contact) {
    }

    /** A category; a critical one has no choices (it cannot be switched off). */
    @TemplateData
    public record CategorySetting(String name, String label, String description, boolean critical,
            List<Choice> choices) {
    }

    /** The effective choice of one channel in a category (the user's, or the tenant's default). */
    @TemplateData
    public record Choice(String channel, String label, boolean enabled) {
    }

    @TemplateData
    public record QuietHoursSetting(boolean enabled, String start, String end) {
    }

    public static String label(Channel channel) {
        return switch (channel) {
            case EMAIL -> "Email";
            case SMS -> "SMS";
            case PUSH -> "Push";
            case SLACK -> "Slack";
        };
    }
}
