package dev.herald.channel.core.template;

import dev.herald.channel.core.config.ChannelConfig;
import dev.herald.channel.core.provider.RenderedNotification;
import dev.herald.channel.core.provider.TemplateLayout;
import dev.herald.common.contract.Channel;
import dev.herald.common.contract.DispatchMessage;
import io.quarkus.qute.Engine;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a dispatch with the channel's Qute templates ({@code src/main/resources/templates/<channel>/} of the
 * channel module). The first template set among {@link TemplateCandidates} that has any file is used, and then all
 * of its parts must exist: a half-translated set fails loudly instead of mixing languages.
 *
 * <p>Templates see {@code data} (the event data), {@code type}, {@code userId}, {@code locale}, {@code category},
 * {@code tenant} and {@code notificationId}. Rendering is strict: an expression that does not resolve fails the
 * notification with the template's own error message; write {@code {data.field ?: 'default'}} or
 * {@code {#if data.field??}} for optional fields.
 */
@ApplicationScoped
public class NotificationRenderer {

    private final Engine engine;
    private final ChannelConfig config;

    NotificationRenderer(Engine engine, ChannelConfig config) {
        this.engine = engine;
        this.config = config;
    }

    /** @throws TemplateRenderingException when no template set fits or the chosen one cannot be rendered */
    public RenderedNotification render(DispatchMessage dispatch, Channel channel, TemplateLayout layout) {
        List<String> candidates = TemplateCandidates.of(dispatch.type(), dispatch.locale(), config.defaultLocale(),
                config.genericTemplate());
        for (String candidate : candidates) {
            String set = channel.wireName() + "/" + candidate;
            Map<TemplateLayout.Part, Template> found = new LinkedHashMap<>();
            for (TemplateLayout.Part part : layout.parts()) {
                Template template = engine.getTemplate(fileId(set, part));
                if (template != null) {
                    found.put(part, template);
                }
            }
            if (found.isEmpty()) {
                continue;
            }
            if (found.size() < layout.parts().size()) {
                List<String> missing = layout.parts().stream().filter(part -> !found.containsKey(part))
                        .map(part -> fileId(set, part)).toList();
                throw new TemplateRenderingException("template set " + set + " is incomplete: missing "
                        + String.join(", ", missing));
            }
            return new RenderedNotification(dispatch, set, renderAll(set, found, dispatch));
        }
        throw new TemplateRenderingException("no " + channel.wireName() + " template for type '" + dispatch.type()
                + "' and no generic template (looked for " + channel.wireName() + "/" + candidates.getLast() + ")");
    }

    private static Map<String, String> renderAll(String set, Map<TemplateLayout.Part, Template> templates,
            DispatchMessage dispatch) {
        Map<String, String> rendered = new HashMap<>();
        templates.forEach((part, template) -> {
            try {
                rendered.put(part.name(), bind(template.instance(), dispatch).render());
            } catch (RuntimeException e) {
                throw new TemplateRenderingException("template " + fileId(set, part) + " cannot be rendered: "
                        + e.getMessage(), e);
            }
        });
        return rendered;
    }

    private static TemplateInstance bind(TemplateInstance instance, DispatchMessage dispatch) {
        return instance
                .data("data", dispatch.data() == null ? Map.of() : dispatch.data())
                .data("type", nullToEmpty(dispatch.type()))
                .data("userId", nullToEmpty(dispatch.userId()))
                .data("locale", nullToEmpty(dispatch.locale()))
                .data("category", nullToEmpty(dispatch.category()))
                .data("tenant", nullToEmpty(dispatch.tenant()))
                .data("notificationId", String.valueOf(dispatch.notificationId()));
    }

    private static String fileId(String set, TemplateLayout.Part part) {
        return set + "." + part.suffix();
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
