package dev.herald.channel.push.provider;

import dev.herald.channel.core.provider.RenderedNotification;
import dev.herald.channel.core.provider.TemplateLayout;

/**
 * The push channel's contract, whatever the vendor: a notification title and body, rendered from the template files
 * {@code <set>.title.txt} and {@code <set>.body.txt}.
 */
public record PushContent(String title, String body) {

    public static final TemplateLayout LAYOUT = TemplateLayout.of(
            new TemplateLayout.Part("title", "title.txt"),
            new TemplateLayout.Part("body", "body.txt"));

    /** The push notification of a notification rendered with {@link #LAYOUT}; the title is folded onto one line. */
    public static PushContent of(RenderedNotification notification) {
        String title = notification.part("title").replaceAll("\\s+", " ").strip();
        return new PushContent(title, notification.part("body").strip());
    }
}
