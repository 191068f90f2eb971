package dev.herald.channel.email.provider;

import dev.herald.channel.core.provider.RenderedNotification;
import dev.herald.channel.core.provider.TemplateLayout;

/**
 * The email channel's contract, whatever the vendor: a subject, an HTML body and a plain-text body, rendered from
 * the template files {@code <set>.subject.txt}, {@code <set>.html} and {@code <set>.txt}.
 */
public record EmailContent(String subject, String html, String text) {

    public static final TemplateLayout LAYOUT = TemplateLayout.of(
            new TemplateLayout.Part("subject", "subject.txt"),
            new TemplateLayout.Part("html", "html"),
            new TemplateLayout.Part("text", "txt"));

    /** The email of a notification rendered with {@link #LAYOUT}; the subject is folded onto one line. */
    public static EmailContent of(RenderedNotification notification) {
        String subject = notification.part("subject").replaceAll("\\s+", " ").strip();
        return new EmailContent(subject, notification.part("html"), notification.part("text"));
    }
}
