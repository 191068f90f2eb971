package dev.herald.channel.sms.provider;

import dev.herald.channel.core.provider.RenderedNotification;
import dev.herald.channel.core.provider.TemplateLayout;
import dev.herald.channel.sms.service.SegmentCalculator;

/**
 * The SMS channel's contract, whatever the vendor: one plain-text body, rendered from the template file
 * {@code <set>.txt} and cut to the configured number of segments.
 *
 * @param text      the text to send
 * @param truncated whether the rendered text was cut to fit
 */
public record SmsContent(String text, boolean truncated) {

    public static final TemplateLayout LAYOUT = TemplateLayout.of(new TemplateLayout.Part("text", "txt"));

    /**
     * The SMS of a notification rendered with {@link #LAYOUT}: surrounding white space (a template's final newline)
     * removed, then cut to {@code maxSegments} segments by {@link SegmentCalculator#truncate}.
     */
    public static SmsContent of(RenderedNotification notification, int maxSegments) {
        String rendered = notification.part("text").strip();
        String text = SegmentCalculator.truncate(rendered, maxSegments);
        return new SmsContent(text, !text.equals(rendered));
    }
}
