package dev.herald.channel.core.provider;

import dev.herald.common.contract.DispatchMessage;

import java.util.Map;

/**
 * A dispatch with its template set rendered: one text per {@link TemplateLayout.Part}, by part name.
 *
 * @param dispatch the dispatch as consumed (recipient address, ids, data)
 * @param template the template set that was used, e.g. {@code email/order.shipped.de} or {@code email/generic}
 * @param parts    the rendered text of each part of the channel's layout
 */
public record RenderedNotification(DispatchMessage dispatch, String template, Map<String, String> parts) {

    public RenderedNotification {
        parts = Map.copyOf(parts);
    }

    /** The rendered text of one part; every part of the channel's layout is present. */
    public String part(String name) {
        String text = parts.get(name);
        if (text == null) {
            throw new IllegalArgumentException("template " + template + " has no part '" + name + "'");
        }
        return text;
    }
}
